using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Rbac;
using k8s.Models;

namespace DrainSafe.Operator;

/// <summary>
/// Everything the operator may do in the API, and nothing more: the source of its generated ClusterRole
/// (<c>config/rbac/operator-clusterrole.yaml</c>). Controllers may add their own <c>[EntityRbac]</c>;
/// every type in this assembly and the runtime's is collected.
/// </summary>
[EntityRbac(typeof(NodeMaintenance), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch | RbacVerb.Update)]
[EntityRbac(typeof(NodeMaintenance), Subresource = "status", Verbs = RbacVerb.Get | RbacVerb.Patch | RbacVerb.Update)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Delete)]
[EntityRbac(typeof(V1Pod), Subresource = "eviction", Verbs = RbacVerb.Create)]
[EntityRbac(typeof(V1PodDisruptionBudget), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(Corev1Event), Verbs = RbacVerb.Create | RbacVerb.Patch)]
[EntityRbac(typeof(V1Lease), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Update)]
public static class OperatorPermissions
{
    /// <summary>The name of the operator's ClusterRole, binding and service account.</summary>
    public const string Name = "drainsafe-operator";
}
