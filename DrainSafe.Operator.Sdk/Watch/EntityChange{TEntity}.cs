using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>One change the informer applied to its cache.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <param name="Type">Added, modified or deleted.</param>
/// <param name="Previous">The cached version before the change; null when the object was new.</param>
/// <param name="Current">The version after the change; for a deletion, the last version seen.</param>
public sealed record EntityChange<TEntity>(EntityChangeType Type, TEntity? Previous, TEntity Current)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>;
