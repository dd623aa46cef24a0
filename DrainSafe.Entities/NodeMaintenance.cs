using DrainSafe.Operator.Abstractions.Entities;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s.Models;

namespace DrainSafe.Entities;

/// <summary>
/// The maintenance record of one node: what Azure announced for its VM (<see cref="NodeMaintenanceSpec"/>,
/// written only by the agent on that node) and what DrainSafe did about it
/// (<see cref="NodeMaintenanceStatus"/>, written by the operator except <c>approvedEventIds</c>).
/// Cluster-scoped, one per node, named after the node; the API server enforces
/// <c>spec.nodeName == metadata.name</c>, so kubectl's NAME column is the node.
/// </summary>
[KubernetesEntity(Group = GroupName, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
[EntityScope(EntityScope.Cluster)]
[KubernetesEntityShortNames("nm")]
[KubernetesEntityCategories("drainsafe")]
[Description("NodeMaintenance tracks Azure planned maintenance of one node's VM and DrainSafe's handling of it (cordon, drain, approval, uncordon). It is named after the node.")]
[ValidationRule("self.spec.nodeName == self.metadata.name", "spec.nodeName must equal metadata.name", FieldPath = ".spec.nodeName")]
[GenericAdditionalPrinterColumn(".metadata.creationTimestamp", "Age", "date")]
public sealed class NodeMaintenance : CustomKubernetesEntity<NodeMaintenanceSpec, NodeMaintenanceStatus>
{
    /// <summary>The API group.</summary>
    public const string GroupName = "drainsafe.azure.com";

    /// <summary>The API version within the group.</summary>
    public const string Version = "v1alpha1";

    /// <summary>The kind.</summary>
    public const string KindName = "NodeMaintenance";

    /// <summary>The plural resource name, as in URLs and RBAC rules.</summary>
    public const string Plural = "nodemaintenances";
}
