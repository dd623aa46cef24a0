using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Status;

/// <summary>
/// The one place that writes an entity's status: PUT /status conditional on the resourceVersion that was read. Nothing
/// is written when the mutation changes nothing. Two ways to meet a 409: <see cref="UpdateStatusAsync"/> reads the object
/// again and re-applies the mutation (for fields set whatever the rest says, such as a last error), and
/// <see cref="ReplaceStatusAsync"/> lets the conflict surface (for a decision made from the object as read, which a
/// newer object may contradict: a reconcile from a lagging cache must decide again, not write its outdated decision over
/// newer status).
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public interface IEntityStatusWriter<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Applies <paramref name="mutate"/> to the status and writes it if it changed.</summary>
    /// <param name="entity">The object as read; it is not modified.</param>
    /// <param name="mutate">Sets this writer's fields on a copy; may run more than once, on newer copies.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored (or as read, when nothing changed).</returns>
    /// <exception cref="DrainSafe.Operator.Sdk.Client.KubernetesApiException">Still conflicting after the retry limit, or another error.</exception>
    Task<TEntity> UpdateStatusAsync(TEntity entity, Action<TEntity> mutate, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="mutate"/> to the status and writes it if it changed, only over the object as read.</summary>
    /// <param name="entity">The object as read, from which the caller decided; it is not modified.</param>
    /// <param name="mutate">Sets the decided fields on a copy; runs once.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored (or as read, when nothing changed).</returns>
    /// <exception cref="DrainSafe.Operator.Sdk.Client.KubernetesApiException">
    /// 409 Conflict when the object changed since it was read (read it again and decide again), or another error.
    /// </exception>
    Task<TEntity> ReplaceStatusAsync(TEntity entity, Action<TEntity> mutate, CancellationToken cancellationToken);
}
