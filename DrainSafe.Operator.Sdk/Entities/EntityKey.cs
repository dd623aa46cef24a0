using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Entities;

/// <summary>The work-queue and cache key of an object: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
public static class EntityKey
{
    /// <summary>The key of <paramref name="entity"/>.</summary>
    /// <param name="entity">Any Kubernetes object with metadata.</param>
    public static string Of(IKubernetesObject<V1ObjectMeta> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return For(entity.Metadata?.NamespaceProperty, entity.Metadata?.Name ?? string.Empty);
    }

    /// <summary>The key of the object with this namespace and name.</summary>
    /// <param name="namespaceName">The namespace, or null/empty for a cluster-scoped object.</param>
    /// <param name="name">The object's name.</param>
    public static string For(string? namespaceName, string name) =>
        string.IsNullOrEmpty(namespaceName) ? name : $"{namespaceName}/{name}";
}
