using System.Reflection;
using DrainSafe.Operator.Abstractions.Rbac;
using DrainSafe.Operator.Sdk.Entities;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// Builds a component's ClusterRole from the RBAC attributes of its types, plus the service account
/// the component runs as and the binding between them.
/// </summary>
/// <remarks>
/// Rules are merged: one rule per API group, resource and resource-name list, holding the union of
/// the verbs asked for it, verbs sorted; rules sorted by group then resource. The output is the same
/// whatever order the attributes were found in.
/// </remarks>
public static class RbacGenerator
{
    private const string RbacApiVersion = "rbac.authorization.k8s.io/v1";

    private static readonly (RbacVerb Verb, string Name)[] VerbNames =
    [
        (RbacVerb.Get, "get"),
        (RbacVerb.List, "list"),
        (RbacVerb.Watch, "watch"),
        (RbacVerb.Create, "create"),
        (RbacVerb.Update, "update"),
        (RbacVerb.Patch, "patch"),
        (RbacVerb.Delete, "delete"),
    ];

    /// <summary>The component's ClusterRole.</summary>
    /// <param name="component">The component.</param>
    public static V1ClusterRole ClusterRole(RbacComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new V1ClusterRole
        {
            ApiVersion = RbacApiVersion,
            Kind = V1ClusterRole.KubeKind,
            Metadata = new V1ObjectMeta { Name = component.Name, Labels = SortedLabels(component) },
            Rules = Rules(component.DeclaringTypes),
        };
    }

    /// <summary>The service account the component runs as.</summary>
    /// <param name="component">The component.</param>
    public static V1ServiceAccount ServiceAccount(RbacComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new V1ServiceAccount
        {
            ApiVersion = V1ServiceAccount.KubeApiVersion,
            Kind = V1ServiceAccount.KubeKind,
            Metadata = new V1ObjectMeta { Name = component.Name, NamespaceProperty = component.Namespace, Labels = SortedLabels(component) },
        };
    }

    /// <summary>The binding of the component's ClusterRole to its service account.</summary>
    /// <param name="component">The component.</param>
    public static V1ClusterRoleBinding ClusterRoleBinding(RbacComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new V1ClusterRoleBinding
        {
            ApiVersion = RbacApiVersion,
            Kind = V1ClusterRoleBinding.KubeKind,
            Metadata = new V1ObjectMeta { Name = component.Name, Labels = SortedLabels(component) },
            RoleRef = new V1RoleRef { ApiGroup = V1ClusterRole.KubeGroup, Kind = V1ClusterRole.KubeKind, Name = component.Name },
            Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = component.Name, NamespaceProperty = component.Namespace }],
        };
    }

    /// <summary>The merged rules that the RBAC attributes on <paramref name="declaringTypes"/> ask for.</summary>
    /// <param name="declaringTypes">Types carrying <see cref="EntityRbacAttribute"/> or <see cref="GenericRbacAttribute"/>.</param>
    /// <exception cref="ArgumentException">A declaration names an entity without <c>[KubernetesEntity]</c> or grants no verb.</exception>
    public static IList<V1PolicyRule> Rules(IEnumerable<Type> declaringTypes)
    {
        ArgumentNullException.ThrowIfNull(declaringTypes);
        var verbsByResource = new Dictionary<(string Group, string Resource, string Names), RbacVerb>();
        var resourceNames = new Dictionary<string, IList<string>?>(StringComparer.Ordinal);
        foreach (var type in declaringTypes)
        {
            foreach (var grant in Grants(type))
            {
                var names = grant.ResourceNames is { Length: > 0 } ? grant.ResourceNames.Order(StringComparer.Ordinal).ToList() : null;
                var namesKey = names is null ? string.Empty : string.Join('\n', names);
                resourceNames[namesKey] = names;
                var key = (grant.Group, grant.Resource, namesKey);
                verbsByResource[key] = verbsByResource.GetValueOrDefault(key) | grant.Verbs;
            }
        }

        return verbsByResource
            .OrderBy(entry => entry.Key.Group, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Resource, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Names, StringComparer.Ordinal)
            .Select(entry => new V1PolicyRule
            {
                ApiGroups = [entry.Key.Group],
                Resources = [entry.Key.Resource],
                ResourceNames = resourceNames[entry.Key.Names],
                Verbs = VerbList(entry.Value),
            })
            .ToList();
    }

    private static IEnumerable<(string Group, string Resource, RbacVerb Verbs, string[]? ResourceNames)> Grants(Type type)
    {
        foreach (var entityRbac in type.GetCustomAttributes<EntityRbacAttribute>())
        {
            RequireVerbs(entityRbac.Verbs, type);
            foreach (var entity in entityRbac.Entities)
            {
                var definition = EntityDefinition.For(entity);
                var resource = entityRbac.Subresource is { Length: > 0 } subresource
                    ? $"{definition.Plural}/{subresource}"
                    : definition.Plural;
                yield return (definition.Group, resource, entityRbac.Verbs, null);
            }
        }

        foreach (var genericRbac in type.GetCustomAttributes<GenericRbacAttribute>())
        {
            RequireVerbs(genericRbac.Verbs, type);
            foreach (var group in genericRbac.Groups)
            {
                foreach (var resource in genericRbac.Resources)
                {
                    yield return (group, resource, genericRbac.Verbs, genericRbac.ResourceNames);
                }
            }
        }
    }

    private static void RequireVerbs(RbacVerb verbs, Type type)
    {
        if (verbs == RbacVerb.None)
        {
            throw new ArgumentException($"An RBAC attribute on {type.FullName} grants no verb: set Verbs = RbacVerb.Get | ...");
        }
    }

    private static List<string> VerbList(RbacVerb verbs) => (verbs & RbacVerb.All) == RbacVerb.All
        ? ["*"]
        : VerbNames.Where(v => verbs.HasFlag(v.Verb)).Select(v => v.Name).Order(StringComparer.Ordinal).ToList();

    private static SortedDictionary<string, string>? SortedLabels(RbacComponent component) =>
        component.Labels.Count > 0 ? new SortedDictionary<string, string>(component.Labels.ToDictionary(), StringComparer.Ordinal) : null;
}
