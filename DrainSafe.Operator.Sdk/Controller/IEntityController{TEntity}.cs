using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Controller;

/// <summary>
/// Reconciles one kind of entity: called with the latest cached object whenever it is created,
/// its spec (generation) changes, deletion starts, its finalizers change, or a requeue falls due.
/// Reconciles are level-triggered: never assume that every change was seen.
/// </summary>
/// <typeparam name="TEntity">The entity type the controller reconciles.</typeparam>
public interface IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Brings the world one step closer to the entity's desired state.
    /// Not called once deletion has started (finalizers run instead).
    /// </summary>
    /// <param name="entity">The latest cached version of the entity; finalizers are already attached.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or when leadership is lost.</param>
    /// <returns>Success (optionally again after a delay) or failure (retried with backoff).</returns>
    Task<ReconciliationResult<TEntity>> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// Informational: the entity has disappeared from the API server. Cleanup belongs in finalizers.
    /// </summary>
    /// <param name="entity">The last version of the entity that was seen.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or when leadership is lost.</param>
    Task DeletedAsync(TEntity entity, CancellationToken cancellationToken);
}
