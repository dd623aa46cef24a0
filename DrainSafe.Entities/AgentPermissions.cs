using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Rbac;
using k8s.Models;

namespace DrainSafe.Agent;

/// <summary>
/// Everything the node agent may do in the API, and nothing more (design: security): read, create,
/// patch and watch NodeMaintenances (list to start the watch), patch their status for
/// <c>approvedEventIds</c>, and read Nodes. No pods, no node writes, no secrets. The source of the
/// generated <c>config/rbac/agent-clusterrole.yaml</c>. A ValidatingAdmissionPolicy is still needed
/// to hold each agent to its own node's object. It lives in DrainSafe.Entities (namespace kept) so that the operator's
/// <c>generate</c> reads it without referencing the agent.
/// </summary>
[EntityRbac(typeof(NodeMaintenance), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Create | RbacVerb.Patch)]
[EntityRbac(typeof(NodeMaintenance), Subresource = "status", Verbs = RbacVerb.Patch)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.Get)]
public static class AgentPermissions
{
    /// <summary>The name of the agent's ClusterRole, binding and service account.</summary>
    public const string Name = "drainsafe-agent";
}
