using DrainSafe.Operator.Abstractions.Rbac;

namespace DrainSafe.Operator;

/// <summary>
/// Everything the operator may do in the API, and nothing more: the source of its generated ClusterRole
/// (<c>config/rbac/operator-clusterrole.yaml</c>). The rules are declared where they are used: <c>[EntityRbac]</c> on the
/// controller (NodeMaintenances, Nodes, pods, evictions, budgets), on the runtime's event publisher (Events) and leader
/// elector (Leases); every type in this assembly and the runtime's is collected.
/// </summary>
public static class OperatorPermissions
{
    /// <summary>The name of the operator's ClusterRole, binding and service account.</summary>
    public const string Name = "drainsafe-operator";
}
