using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>
/// Asks the controller of <typeparamref name="TEntity"/> to reconcile an object again, from outside a reconcile (for
/// example when background work it started made progress). Keys that arrive while this replica does not lead are dropped:
/// the next leader lists everything anyway.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public interface IEntityRequeue<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Reconciles the object with this key (<c>name</c> or <c>namespace/name</c>) soon, or after <paramref name="delay"/>.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="delay">How long to wait first; null for now.</param>
    void Enqueue(string key, TimeSpan? delay = null);
}
