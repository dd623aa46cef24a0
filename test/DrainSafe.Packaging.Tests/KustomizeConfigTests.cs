using DrainSafe.Packaging.Tests.Manifests;
using DrainSafe.Packaging.Tests.Tools;
using static DrainSafe.Packaging.Tests.Tools.PodTemplates;

namespace DrainSafe.Packaging.Tests;

/// <summary>The kustomize overlays in config/ build, and config/default holds everything in drainsafe-system.</summary>
public sealed class KustomizeConfigTests
{
    private static readonly HashSet<string> ClusterScopedKinds =
        ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];

    [SkippableFact]
    public async Task Config_default_builds_everything_DrainSafe_needs()
    {
        var config = await Renderings.KustomizeAsync("default");

        Assert.Equal(
            ["ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "CustomResourceDefinition", "DaemonSet", "Deployment",
             "Namespace", "PodDisruptionBudget", "ServiceAccount", "ServiceAccount", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
            config.Kinds.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Config_default_puts_every_namespaced_object_in_drainsafe_system()
    {
        var config = await Renderings.KustomizeAsync("default");

        Assert.Equal(Renderings.Namespace, ManifestSet.NameOf(config.OfKind("Namespace").Single()));
        foreach (var manifest in config.Objects.Where(o => !ClusterScopedKinds.Contains(ManifestSet.KindOf(o))))
        {
            Assert.Equal(Renderings.Namespace, (string?)manifest["metadata"]!["namespace"]);
        }
    }

    [SkippableFact]
    public async Task Config_default_runs_the_operator_and_the_agent_as_the_chart_does_by_default()
    {
        var config = await Renderings.KustomizeAsync("default");
        var operatorDeployment = config.Single("Deployment", "drainsafe-operator");
        var agent = config.Single("DaemonSet", "drainsafe-agent");

        Assert.Equal("2", (string?)operatorDeployment["spec"]!["replicas"]);
        Assert.Equal("metadata.name", EnvFieldPath(operatorDeployment, "POD_NAME"));
        Assert.Equal("metadata.namespace", EnvFieldPath(operatorDeployment, "POD_NAMESPACE"));
        Assert.Equal("system-cluster-critical", (string?)PodSpec(operatorDeployment)["priorityClassName"]);
        Assert.Null(PodSpec(operatorDeployment)["tolerations"]);
        Assert.Equal("8081", (string?)Container(operatorDeployment)["ports"]![0]!["containerPort"]);
        Assert.Equal("1", (string?)config.Single("PodDisruptionBudget", "drainsafe-operator")["spec"]!["maxUnavailable"]);
        Assert.Equal("Exists", (string?)PodSpec(agent)["tolerations"]![0]!["operator"]);
        Assert.Equal("system-node-critical", (string?)PodSpec(agent)["priorityClassName"]);
        Assert.Equal("10%", (string?)agent["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("spec.nodeName", EnvFieldPath(agent, "NODE_NAME"));
        Assert.Equal("8080", (string?)Container(agent)["ports"]![0]!["containerPort"]);
        Assert.Null(PodSpec(agent)["hostNetwork"]);
    }

    [SkippableFact]
    public async Task Host_network_overlay_puts_only_the_agent_on_the_host_network()
    {
        var config = await Renderings.KustomizeAsync("host-network");

        Assert.Equal("true", (string?)PodSpec(config.Single("DaemonSet", "drainsafe-agent"))["hostNetwork"]);
        Assert.Equal("ClusterFirstWithHostNet", (string?)PodSpec(config.Single("DaemonSet", "drainsafe-agent"))["dnsPolicy"]);
        Assert.Null(PodSpec(config.Single("Deployment", "drainsafe-operator"))["hostNetwork"]);
    }

    [SkippableFact]
    public async Task Without_admission_policy_overlay_is_config_default_without_the_policy_and_its_binding()
    {
        var full = await Renderings.KustomizeAsync("default");
        var overlay = await Renderings.KustomizeAsync("without-admission-policy");

        var expected = full.Objects.Where(o => !ManifestSet.KindOf(o).StartsWith("ValidatingAdmissionPolicy", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Count, overlay.Objects.Count);
        Assert.All(expected, o => Assert.Contains(overlay.Objects, other => System.Text.Json.Nodes.JsonNode.DeepEquals(o, other)));
    }

    [SkippableFact]
    public async Task Kubernetes_1_20_overlay_serves_the_PDB_as_policy_v1beta1_and_drops_only_the_CRDs_CEL_rules()
    {
        var overlay = await Renderings.KustomizeAsync("kubernetes-1.20");
        var withoutPolicy = await Renderings.KustomizeAsync("without-admission-policy");

        var crd = overlay.OfKind("CustomResourceDefinition").Single().ToJsonString();
        Assert.Equal("policy/v1beta1", (string?)overlay.Single("PodDisruptionBudget", "drainsafe-operator")["apiVersion"]);
        Assert.DoesNotContain("x-kubernetes-validations", crd, StringComparison.Ordinal);
        Assert.Contains("x-kubernetes-validations", withoutPolicy.OfKind("CustomResourceDefinition").Single().ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(withoutPolicy.Kinds.Order(StringComparer.Ordinal), overlay.Kinds.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Config_base_still_installs_just_the_namespace_the_CRD_and_the_RBAC()
    {
        var config = await Renderings.KustomizeAsync(".");

        Assert.Equal(
            ["ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "CustomResourceDefinition", "Namespace", "ServiceAccount", "ServiceAccount"],
            config.Kinds.Order(StringComparer.Ordinal));
    }
}
