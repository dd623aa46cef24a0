using System.Text.Json.Nodes;
using DrainSafe.Packaging.Tests.Manifests;
using DrainSafe.Packaging.Tests.Tools;

namespace DrainSafe.Packaging.Tests;

/// <summary>Installing with the chart or with config/default gives a cluster the same CRD, RBAC and admission policy.</summary>
public sealed class ChartConfigParityTests
{
    [SkippableFact]
    public async Task Chart_and_config_grant_the_same_RBAC_rules_to_the_same_service_accounts()
    {
        var chart = await Renderings.HelmTemplateForModernClusterAsync();
        var config = await Renderings.KustomizeAsync("default");

        foreach (var name in new[] { "drainsafe-operator", "drainsafe-agent" })
        {
            AssertSame(config.Single("ClusterRole", name)["rules"], chart.Single("ClusterRole", name)["rules"], $"ClusterRole {name} rules");
            AssertSame(config.Single("ClusterRoleBinding", name)["roleRef"], chart.Single("ClusterRoleBinding", name)["roleRef"], $"ClusterRoleBinding {name} roleRef");
            AssertSame(config.Single("ClusterRoleBinding", name)["subjects"], chart.Single("ClusterRoleBinding", name)["subjects"], $"ClusterRoleBinding {name} subjects");
            Assert.Equal((string?)config.Single("ServiceAccount", name)["metadata"]!["namespace"], (string?)chart.Single("ServiceAccount", name)["metadata"]!["namespace"]);
        }

        Assert.Equal(2, chart.OfKind("ClusterRole").Count());
        Assert.Empty(chart.OfKind("Role"));
    }

    [SkippableFact]
    public async Task Chart_and_config_install_the_same_CRD()
    {
        var chart = await Renderings.HelmTemplateForModernClusterAsync();
        var config = await Renderings.KustomizeAsync("default");

        var name = ManifestSet.NameOf(Assert.Single(config.OfKind("CustomResourceDefinition")));
        AssertSame(config.Single("CustomResourceDefinition", name), chart.Single("CustomResourceDefinition", name), $"CRD {name}");
    }

    [Fact]
    public void Chart_crds_folder_holds_byte_identical_copies_of_config_crd()
    {
        var configCrds = Directory.GetFiles(RepositoryRoot.Combine("config", "crd"), "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").ToList();
        var chartCrds = Directory.GetFiles(RepositoryRoot.Combine("charts", "drainsafe", "crds"), "*.yaml");

        Assert.Equal(configCrds.Select(Path.GetFileName).Order(StringComparer.Ordinal), chartCrds.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in configCrds)
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(RepositoryRoot.Combine("charts", "drainsafe", "crds", Path.GetFileName(file))));
        }
    }

    [SkippableFact]
    public async Task Chart_and_config_install_the_same_admission_policy_and_binding()
    {
        var chart = await Renderings.HelmTemplateForModernClusterAsync();
        var config = await Renderings.KustomizeAsync("default");

        AssertSame(
            config.Single("ValidatingAdmissionPolicy", "drainsafe-agent-own-node")["spec"],
            chart.Single("ValidatingAdmissionPolicy", "drainsafe-agent-own-node")["spec"],
            "ValidatingAdmissionPolicy spec");
        AssertSame(
            config.Single("ValidatingAdmissionPolicyBinding", "drainsafe-agent-own-node")["spec"],
            chart.Single("ValidatingAdmissionPolicyBinding", "drainsafe-agent-own-node")["spec"],
            "ValidatingAdmissionPolicyBinding spec");
    }

    private static void AssertSame(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what} differ between config/ and the chart.\nconfig/:\n{expected?.ToJsonString()}\nchart:\n{actual?.ToJsonString()}");
}
