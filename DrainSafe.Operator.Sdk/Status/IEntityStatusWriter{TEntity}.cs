using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Status;

/// <summary>
/// The one place that writes an entity's status: PUT /status conditional on the resourceVersion that was
/// read; on 409 the object is read again and the mutation re-applied to it, so another writer's fields are
/// never overwritten. Nothing is written when the mutation changes nothing.
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
}
