using DrainSafe.Operator.Sdk.Client;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>How the shared informer of <typeparamref name="TEntity"/> lists and caches (one set per type and host).</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class SharedInformerOptions<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Which objects the informer covers; all of them by default.</summary>
    public EntitySelector Selector { get; set; } = EntitySelector.All;

    /// <summary>
    /// Applied to every object before it is cached (client-go's transform): drop what no reader needs so that the
    /// cache of a large cluster stays small. Must keep name, namespace, uid and resourceVersion.
    /// </summary>
    public Func<TEntity, TEntity>? Transform { get; set; }
}
