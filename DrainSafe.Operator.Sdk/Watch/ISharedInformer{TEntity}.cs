using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>
/// One informer of <typeparamref name="TEntity"/> per host, shared through DI by every controller that reads or
/// watches the type. It runs only while this replica leads; its cache is empty otherwise.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public interface ISharedInformer<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The cache as last listed and watched. Read-only for everyone but the informer.</summary>
    IEntityCache<TEntity> Cache { get; }

    /// <summary>True once the first list of the current leadership term is in the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="handler"/> for every later change, after first replaying every cached object as added
    /// (so a late subscriber misses nothing). Handlers run on the informer's loop: keep them quick (enqueue a key).
    /// </summary>
    /// <param name="handler">The change handler.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    IDisposable Subscribe(Action<EntityChange<TEntity>> handler);
}
