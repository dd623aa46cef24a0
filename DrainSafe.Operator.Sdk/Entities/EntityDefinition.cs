using System.Collections.Concurrent;
using System.Reflection;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Entities;

/// <summary>
/// Where an entity type lives in the API: group, version, kind and plural, read from its
/// <see cref="KubernetesEntityAttribute"/>.
/// </summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The API version within the group, e.g. <c>v1alpha1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>NodeMaintenance</c>.</param>
/// <param name="Plural">The plural resource name used in URLs, e.g. <c>nodemaintenances</c>.</param>
public sealed record EntityDefinition(string Group, string Version, string Kind, string Plural)
{
    private static readonly ConcurrentDictionary<Type, EntityDefinition> Definitions = new();

    /// <summary>Namespaced or cluster-scoped, from the type's <see cref="EntityScopeAttribute"/> (namespaced without it, as in the CRD).</summary>
    public EntityScope Scope { get; init; } = EntityScope.Namespaced;

    /// <summary>
    /// The resource this kind is a subresource of, e.g. <c>pods</c> for an Eviction (posted to
    /// <c>pods/{name}/eviction</c>, with <see cref="Plural"/> the subresource's name); null for a resource of its own.
    /// </summary>
    public string? SubresourceOf { get; init; }

    /// <summary>The apiVersion field value: <c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The URL path of the resource collection across all namespaces, without a leading slash.</summary>
    public string CollectionPath => Group.Length == 0 ? $"api/{Version}/{Plural}" : $"apis/{Group}/{Version}/{Plural}";

    /// <summary>The URL path of one object, without a leading slash: at cluster scope when <paramref name="namespaceName"/> is null or empty.</summary>
    /// <param name="namespaceName">The object's namespace; null or empty for a cluster-scoped object.</param>
    /// <param name="name">The object's name.</param>
    public string ObjectPath(string? namespaceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        var escaped = Uri.EscapeDataString(name);
        return string.IsNullOrEmpty(namespaceName)
            ? $"{root}/{Plural}/{escaped}"
            : $"{root}/namespaces/{Uri.EscapeDataString(namespaceName)}/{Plural}/{escaped}";
    }

    /// <summary>The resource name with its group, as in RBAC and error messages, e.g. <c>nodemaintenances.drainsafe.azure.com</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Reads the definition of <paramref name="entityType"/> from its attribute.</summary>
    /// <param name="entityType">A class marked with <see cref="KubernetesEntityAttribute"/>.</param>
    /// <exception cref="ArgumentException">The attribute is missing or lacks a version, kind or plural name.</exception>
    public static EntityDefinition For(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var attribute = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException(
                $"{entityType.FullName} has no [KubernetesEntity] attribute: add [KubernetesEntity(Group = ..., ApiVersion = ..., Kind = ..., PluralName = ...)].",
                nameof(entityType));
        var plural = attribute.PluralName;
        string? parent = null;
        if (string.IsNullOrWhiteSpace(plural) && BuiltInSubresources.TryGetValue($"{attribute.Group}/{attribute.Kind}", out var subresource))
        {
            (parent, plural) = subresource;
        }

        if (string.IsNullOrWhiteSpace(attribute.ApiVersion) || string.IsNullOrWhiteSpace(attribute.Kind)
            || string.IsNullOrWhiteSpace(plural))
        {
            throw new ArgumentException(
                $"[KubernetesEntity] on {entityType.FullName} must set ApiVersion, Kind and PluralName.", nameof(entityType));
        }

        return new EntityDefinition(attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.Kind, plural)
        {
            SubresourceOf = parent,
            Scope = entityType.GetCustomAttribute<EntityScopeAttribute>()?.Scope
                ?? (IsClusterScopedBuiltIn(attribute) ? EntityScope.Cluster : EntityScope.Namespaced),
        };
    }

    /// <summary>Reads the definition of <typeparamref name="TEntity"/> from its attribute.</summary>
    /// <typeparam name="TEntity">A class marked with <see cref="KubernetesEntityAttribute"/>.</typeparam>
    public static EntityDefinition For<TEntity>() => Definitions.GetOrAdd(typeof(TEntity), For);

    // Built-in kinds that are only ever a subresource: their models name no plural.
    private static readonly Dictionary<string, (string Parent, string Name)> BuiltInSubresources = new(StringComparer.Ordinal)
    {
        ["policy/Eviction"] = ("pods", "eviction"),
    };

    // KubernetesClient's built-in models carry no scope; these are the cluster-scoped kinds of the built-in groups.
    private static readonly HashSet<string> ClusterScopedBuiltIns = new(StringComparer.Ordinal)
    {
        "/Node", "/Namespace", "/PersistentVolume", "/ComponentStatus",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "apiextensions.k8s.io/CustomResourceDefinition", "storage.k8s.io/StorageClass", "storage.k8s.io/CSINode",
        "storage.k8s.io/CSIDriver", "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass",
        "node.k8s.io/RuntimeClass", "certificates.k8s.io/CertificateSigningRequest",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "apiregistration.k8s.io/APIService", "flowcontrol.apiserver.k8s.io/FlowSchema",
        "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration", "networking.k8s.io/IngressClass",
    };

    private static bool IsClusterScopedBuiltIn(KubernetesEntityAttribute attribute) =>
        ClusterScopedBuiltIns.Contains($"{attribute.Group}/{attribute.Kind}");
}
