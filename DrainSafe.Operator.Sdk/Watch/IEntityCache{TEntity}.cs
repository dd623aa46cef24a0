using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>The informer's view of the cluster: the latest version of every object it has seen. Read-only.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public interface IEntityCache<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>How many objects are cached.</summary>
    int Count { get; }

    /// <summary>Looks an object up by its key (<c>namespace/name</c> or <c>name</c>).</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="entity">The cached version, when found.</param>
    bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TEntity entity);

    /// <summary>A snapshot of every cached object.</summary>
    IReadOnlyList<TEntity> Snapshot();
}
