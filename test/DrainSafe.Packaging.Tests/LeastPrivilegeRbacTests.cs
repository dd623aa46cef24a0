using System.Text.Json.Nodes;
using DrainSafe.Packaging.Tests.Manifests;

namespace DrainSafe.Packaging.Tests;

/// <summary>Each component's generated ClusterRole grants what it needs and nothing more (the chart reads the same rules).</summary>
public sealed class LeastPrivilegeRbacTests
{
    [Theory]
    [InlineData("config/rbac")]
    [InlineData("charts/drainsafe/files/rbac")]
    public void Agent_may_only_read_create_patch_and_watch_NodeMaintenances_patch_their_status_and_get_Nodes(string folder)
    {
        var grants = Grants(Role(folder, "agent"));

        Assert.Equal(
            [
                "/nodes get",
                "drainsafe.azure.com/nodemaintenances create",
                "drainsafe.azure.com/nodemaintenances get",
                "drainsafe.azure.com/nodemaintenances list",
                "drainsafe.azure.com/nodemaintenances patch",
                "drainsafe.azure.com/nodemaintenances watch",
                "drainsafe.azure.com/nodemaintenances/status patch",
            ],
            grants);
    }

    [Theory]
    [InlineData("config/rbac")]
    [InlineData("charts/drainsafe/files/rbac")]
    public void Operator_has_no_wildcards_no_secrets_and_no_non_resource_URLs(string folder)
    {
        var role = Role(folder, "operator");
        var rules = role["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.DoesNotContain("*", Strings(rule["verbs"]));
            Assert.DoesNotContain("*", Strings(rule["resources"]));
            Assert.DoesNotContain("*", Strings(rule["apiGroups"]));
            Assert.DoesNotContain(Strings(rule["resources"]), r => r == "secrets" || r.StartsWith("secrets/", StringComparison.Ordinal));
            Assert.Null(rule["nonResourceURLs"]);
            Assert.Null(rule["resourceNames"]);
            Assert.DoesNotContain("escalate", Strings(rule["verbs"]));
            Assert.DoesNotContain("bind", Strings(rule["verbs"]));
            Assert.DoesNotContain("impersonate", Strings(rule["verbs"]));
        }
    }

    [Fact]
    public void Operator_may_evict_pods_and_patch_nodes_but_not_write_deployments_or_delete_nodes()
    {
        var grants = Grants(Role("config/rbac", "operator"));

        Assert.Contains("/pods/eviction create", grants);
        Assert.Contains("/nodes patch", grants);
        Assert.DoesNotContain("/nodes delete", grants);
        Assert.DoesNotContain(grants, g => g.StartsWith("apps/", StringComparison.Ordinal) && !g.EndsWith(" get", StringComparison.Ordinal));
    }

    private static JsonObject Role(string folder, string component) =>
        ManifestSet.ParseFiles([RepositoryRoot.Combine(folder, $"{component}-clusterrole.yaml")]).Single("ClusterRole", $"drainsafe-{component}");

    // "group/resource verb" for every combination a rule grants.
    private static List<string> Grants(JsonObject role) => role["rules"]!.AsArray()
        .Select(r => r!.AsObject())
        .SelectMany(rule => Strings(rule["apiGroups"]).SelectMany(group => Strings(rule["resources"]).SelectMany(resource =>
            Strings(rule["verbs"]).Select(verb => $"{group}/{resource} {verb}"))))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static List<string> Strings(JsonNode? node) => node?.AsArray().Select(n => (string)n!).ToList() ?? [];
}
