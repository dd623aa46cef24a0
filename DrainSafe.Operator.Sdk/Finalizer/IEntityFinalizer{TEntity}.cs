using DrainSafe.Operator.Abstractions.Controller;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Finalizer;

/// <summary>
/// Cleans up before an entity may disappear. The runtime attaches the finalizer's identifier to every
/// entity of the type before its first reconcile, and removes it once <see cref="FinalizeAsync"/> succeeds.
/// </summary>
/// <typeparam name="TEntity">The entity type the finalizer guards.</typeparam>
public interface IEntityFinalizer<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Releases what the entity holds. Must be idempotent: it may run again after a crash.
    /// </summary>
    /// <param name="entity">The entity being deleted (its deletionTimestamp is set).</param>
    /// <param name="cancellationToken">Cancelled on shutdown or when leadership is lost.</param>
    /// <returns>Success removes the finalizer; failure (or an exception) retries with backoff.</returns>
    Task<ReconciliationResult<TEntity>> FinalizeAsync(TEntity entity, CancellationToken cancellationToken);
}
