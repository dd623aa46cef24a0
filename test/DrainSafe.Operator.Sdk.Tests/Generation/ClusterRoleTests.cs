using DrainSafe.Agent;
using DrainSafe.Operator.Abstractions.Rbac;
using DrainSafe.Operator.Sdk.Generation;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Generation;

public sealed class ClusterRoleTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    // The operator's role as generate builds it: its assembly plus the runtime's.
    private static V1ClusterRole OperatorRole => RbacGenerator.ClusterRole(RbacComponent.FromAssemblies(
        OperatorPermissions.Name, "operator", "drainsafe-system", NoLabels,
        typeof(OperatorPermissions).Assembly, typeof(GenerateCommand).Assembly));

    private static V1ClusterRole AgentRole => RbacGenerator.ClusterRole(new RbacComponent(
        AgentPermissions.Name, "agent", "drainsafe-system", [typeof(AgentPermissions)], NoLabels));

    [Fact]
    public void Operator_gets_what_draining_needs_and_nothing_more()
    {
        Assert.Equal(
            [
                "/events: create,get,patch",
                "/nodes: get,list,patch,watch",
                "/pods: delete,get,list,watch",
                "/pods/eviction: create",
                "apps/daemonsets: get",
                "coordination.k8s.io/leases: create,get,update",
                "drainsafe.azure.com/nodemaintenances: get,list,patch,update,watch",
                "drainsafe.azure.com/nodemaintenances/status: get,patch,update",
                "policy/poddisruptionbudgets: get,list,watch",
            ],
            Describe(OperatorRole));
    }

    [Fact]
    public void Agent_may_only_read_create_patch_and_watch_NodeMaintenances_and_read_Nodes()
    {
        Assert.Equal(
            [
                "/nodes: get",
                "drainsafe.azure.com/nodemaintenances: create,get,list,patch,watch",
                "drainsafe.azure.com/nodemaintenances/status: patch",
            ],
            Describe(AgentRole));
    }

    [Fact]
    public void Agent_has_no_access_to_pods_secrets_or_node_writes()
    {
        var rules = AgentRole.Rules;

        Assert.DoesNotContain(rules, r => r.Resources.Any(resource => resource.StartsWith("pods", StringComparison.Ordinal)));
        Assert.DoesNotContain(rules, r => r.Resources.Contains("secrets") || r.Resources.Contains("*"));
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("*"));
        var nodes = Assert.Single(rules, r => r.Resources.Contains("nodes"));
        Assert.Equal(["get"], nodes.Verbs);
        Assert.DoesNotContain(rules, r => r.Resources.Contains("nodemaintenances") && (r.Verbs.Contains("delete") || r.Verbs.Contains("update")));
    }

    [Fact]
    public void Grants_for_the_same_resource_are_merged_with_verbs_sorted()
    {
        var rules = RbacGenerator.Rules([typeof(FirstController), typeof(SecondController)]);

        Assert.Equal(
            [
                "/configmaps[settings]: get",
                "/pods: delete,get,list,watch",
                "apps/deployments: *",
            ],
            Describe(rules));
    }

    [Fact]
    public void The_order_attributes_are_found_in_does_not_change_the_role()
    {
        Assert.Equal(
            Describe(RbacGenerator.Rules([typeof(FirstController), typeof(SecondController)])),
            Describe(RbacGenerator.Rules([typeof(SecondController), typeof(FirstController)])));
    }

    [Fact]
    public void A_grant_without_verbs_is_refused_naming_the_type()
    {
        var error = Assert.Throws<ArgumentException>(() => RbacGenerator.Rules([typeof(VerblessController)]));

        Assert.Contains(nameof(VerblessController), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_ties_the_role_to_the_component_s_service_account_in_its_namespace()
    {
        var component = RbacComponent.FromAssemblies(AgentPermissions.Name, "agent", "drainsafe-system", NoLabels, typeof(AgentPermissions).Assembly);

        var binding = RbacGenerator.ClusterRoleBinding(component);
        var account = RbacGenerator.ServiceAccount(component);

        Assert.Equal(("rbac.authorization.k8s.io", "ClusterRole", "drainsafe-agent"), (binding.RoleRef.ApiGroup, binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", account.Metadata.Name, account.Metadata.NamespaceProperty), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal(("drainsafe-agent", "drainsafe-system"), (account.Metadata.Name, account.Metadata.NamespaceProperty));
    }

    private static List<string> Describe(V1ClusterRole role) => Describe(role.Rules);

    private static List<string> Describe(IEnumerable<V1PolicyRule> rules) => rules
        .Select(r =>
        {
            var group = Assert.Single(r.ApiGroups);
            var resource = Assert.Single(r.Resources);
            var names = r.ResourceNames is { Count: > 0 } ? $"[{string.Join(',', r.ResourceNames)}]" : string.Empty;
            return $"{group}/{resource}{names}: {string.Join(',', r.Verbs)}";
        })
        .ToList();

    [EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Watch | RbacVerb.Get)]
    [GenericRbac(Groups = ["apps"], Resources = ["deployments"], Verbs = RbacVerb.All)]
    private sealed class FirstController;

    [EntityRbac(typeof(V1Pod), Verbs = RbacVerb.List | RbacVerb.Delete | RbacVerb.Get)]
    [GenericRbac(Groups = [""], Resources = ["configmaps"], ResourceNames = ["settings"], Verbs = RbacVerb.Get)]
    private sealed class SecondController;

    [EntityRbac(typeof(V1Pod))]
    private sealed class VerblessController;
}
