using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Entities;

/// <summary>
/// EntityDefinition is the one source of apiVersion, kind, plural, scope and URL paths, for DrainSafe's own resource and
/// for every built-in type the operator reads or writes. The expected values are the Kubernetes API's own.
/// </summary>
public sealed class EntityDefinitionTests
{
    public static TheoryData<Type, string, string, string, EntityScope, string> Types => new()
    {
        { typeof(NodeMaintenance), "drainsafe.azure.com/v1alpha1", "NodeMaintenance", "nodemaintenances", EntityScope.Cluster, "apis/drainsafe.azure.com/v1alpha1/nodemaintenances" },
        { typeof(V1Node), "v1", "Node", "nodes", EntityScope.Cluster, "api/v1/nodes" },
        { typeof(V1Pod), "v1", "Pod", "pods", EntityScope.Namespaced, "api/v1/pods" },
        { typeof(V1PodDisruptionBudget), "policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", EntityScope.Namespaced, "apis/policy/v1/poddisruptionbudgets" },
        { typeof(Corev1Event), "v1", "Event", "events", EntityScope.Namespaced, "api/v1/events" },
        { typeof(V1Lease), "coordination.k8s.io/v1", "Lease", "leases", EntityScope.Namespaced, "apis/coordination.k8s.io/v1/leases" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Each_type_the_operator_uses_has_its_API_group_version_kind_plural_and_scope(
        Type type, string apiVersion, string kind, string plural, EntityScope scope, string collectionPath)
    {
        var definition = EntityDefinition.For(type);

        Assert.Equal(apiVersion, definition.ApiVersion);
        Assert.Equal(kind, definition.Kind);
        Assert.Equal(plural, definition.Plural);
        Assert.Equal(scope, definition.Scope);
        Assert.Equal(collectionPath, definition.CollectionPath);
    }

    [Fact]
    public void An_Eviction_is_the_eviction_subresource_of_pods_in_policy_v1()
    {
        var definition = EntityDefinition.For<V1Eviction>();

        Assert.Equal(("policy/v1", "Eviction", EntityScope.Namespaced), (definition.ApiVersion, definition.Kind, definition.Scope));
        Assert.Equal("pods/eviction", $"{definition.SubresourceOf}/{definition.Plural}");
        Assert.Null(EntityDefinition.For<V1Pod>().SubresourceOf);
    }

    [Fact]
    public void The_definition_of_our_resource_is_the_one_its_constants_name()
    {
        var definition = EntityDefinition.For<NodeMaintenance>();

        Assert.Equal((NodeMaintenance.GroupName, NodeMaintenance.Version, NodeMaintenance.KindName, NodeMaintenance.Plural),
            (definition.Group, definition.Version, definition.Kind, definition.Plural));
        Assert.Equal("nodemaintenances.drainsafe.azure.com", definition.QualifiedPlural);
    }

    [Fact]
    public void Object_paths_follow_the_core_group_and_the_scope()
    {
        Assert.Equal("api/v1/nodes/node-a", EntityDefinition.For<V1Node>().ObjectPath(null, "node-a"));
        Assert.Equal("api/v1/namespaces/shop/pods/web-1", EntityDefinition.For<V1Pod>().ObjectPath("shop", "web-1"));
        Assert.Equal("apis/coordination.k8s.io/v1/namespaces/kube-system/leases/drainsafe", EntityDefinition.For<V1Lease>().ObjectPath("kube-system", "drainsafe"));
        Assert.Equal("apis/test.drainsafe.azure.com/v1/widgets/w%201", EntityDefinition.For<Widget>().ObjectPath(null, "w 1"));
    }
}
