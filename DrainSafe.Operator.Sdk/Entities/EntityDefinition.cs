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

    /// <summary>The apiVersion field value: <c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The URL path of the resource collection across all namespaces, without a leading slash.</summary>
    public string CollectionPath => Group.Length == 0 ? $"api/{Version}/{Plural}" : $"apis/{Group}/{Version}/{Plural}";

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
        if (string.IsNullOrWhiteSpace(attribute.ApiVersion) || string.IsNullOrWhiteSpace(attribute.Kind)
            || string.IsNullOrWhiteSpace(attribute.PluralName))
        {
            throw new ArgumentException(
                $"[KubernetesEntity] on {entityType.FullName} must set ApiVersion, Kind and PluralName.", nameof(entityType));
        }

        return new EntityDefinition(attribute.Group ?? string.Empty, attribute.ApiVersion, attribute.Kind, attribute.PluralName)
        {
            Scope = entityType.GetCustomAttribute<EntityScopeAttribute>()?.Scope ?? EntityScope.Namespaced,
        };
    }

    /// <summary>Reads the definition of <typeparamref name="TEntity"/> from its attribute.</summary>
    /// <typeparam name="TEntity">A class marked with <see cref="KubernetesEntityAttribute"/>.</typeparam>
    public static EntityDefinition For<TEntity>() => Definitions.GetOrAdd(typeof(TEntity), For);
}
