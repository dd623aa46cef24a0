using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>A change of another type that makes the controller of <typeparamref name="TEntity"/> reconcile (registered by <c>Watches</c>).</summary>
/// <typeparam name="TEntity">The controller's entity type.</typeparam>
public abstract class SecondaryWatch<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Subscribes to the other type's shared informer and passes the mapped keys to <paramref name="enqueue"/>.</summary>
    /// <param name="services">Where the shared informer is resolved.</param>
    /// <param name="enqueue">Adds a key of <typeparamref name="TEntity"/> to the work queue.</param>
    /// <returns>Dispose to stop.</returns>
    public abstract IDisposable Subscribe(IServiceProvider services, Action<string> enqueue);
}

/// <summary>Maps each change of <typeparamref name="TOther"/> to the keys of <typeparamref name="TEntity"/> it concerns.</summary>
/// <typeparam name="TEntity">The controller's entity type.</typeparam>
/// <typeparam name="TOther">The watched type.</typeparam>
/// <param name="toKeys">The keys to reconcile for a change; empty for none.</param>
public sealed class SecondaryWatch<TEntity, TOther>(Func<EntityChange<TOther>, IEnumerable<string>> toKeys) : SecondaryWatch<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
    where TOther : class, IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public override IDisposable Subscribe(IServiceProvider services, Action<string> enqueue)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        var informer = services.GetRequiredService<ISharedInformer<TOther>>();
        return informer.Subscribe(change =>
        {
            foreach (var key in toKeys(change))
            {
                enqueue(key);
            }
        });
    }
}
