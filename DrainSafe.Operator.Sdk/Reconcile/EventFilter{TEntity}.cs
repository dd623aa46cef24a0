using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>Which changes of its own objects the controller of <typeparamref name="TEntity"/> reconciles (set with <c>WithEventFilter</c>).</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <param name="ShouldReconcile">True when the change should be reconciled.</param>
public sealed record EventFilter<TEntity>(Func<EntityChange<TEntity>, bool> ShouldReconcile)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>;
