using System.Text.Json.Nodes;
using DrainSafe.Packaging.Tests.Manifests;
using DrainSafe.Packaging.Tests.Tools;
using static DrainSafe.Packaging.Tests.Tools.PodTemplates;

namespace DrainSafe.Packaging.Tests;

/// <summary>The chart passes helm's strict lint and renders what a cluster needs, with defaults and with changed values.</summary>
public sealed class HelmChartTests
{
    [SkippableFact]
    public async Task Helm_lint_strict_passes()
    {
        var lint = await Tool.Helm.RunAsync("lint", "--strict", Renderings.Chart);

        Assert.True(lint.ExitCode == 0, lint.StandardOutput + lint.StandardError);
        Assert.Contains("0 chart(s) failed", lint.StandardOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Helm_lint_strict_passes_with_the_non_default_values()
    {
        var lint = await Tool.Helm.RunAsync("lint", "--strict", Renderings.Chart, "-f", Renderings.NonDefaultValues);

        Assert.True(lint.ExitCode == 0, lint.StandardOutput + lint.StandardError);
    }

    [SkippableFact]
    public async Task Default_values_render_the_operator_the_agent_their_RBAC_and_no_monitoring_objects()
    {
        var chart = await Renderings.HelmTemplateAsync();

        Assert.Equal(
            ["ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "DaemonSet", "Deployment", "PodDisruptionBudget", "ServiceAccount", "ServiceAccount"],
            chart.Kinds.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Image_tags_default_to_the_chart_appVersion()
    {
        var appVersion = (string?)ManifestSet.ParseFiles([RepositoryRoot.Combine("charts", "drainsafe", "Chart.yaml")]).Objects[0]["appVersion"];

        var chart = await Renderings.HelmTemplateAsync();

        Assert.Equal($"ghcr.io/drainsafe/drainsafe-operator:{appVersion}", (string?)Container(chart.Single("Deployment", "drainsafe-operator"))["image"]);
        Assert.Equal($"ghcr.io/drainsafe/drainsafe-agent:{appVersion}", (string?)Container(chart.Single("DaemonSet", "drainsafe-agent"))["image"]);
    }

    [SkippableFact]
    public async Task Operator_runs_two_leader_elected_replicas_spread_by_hostname_with_probes_on_8081()
    {
        var chart = await Renderings.HelmTemplateAsync();
        var operatorDeployment = chart.Single("Deployment", "drainsafe-operator");
        var pod = PodSpec(operatorDeployment);
        var container = Container(operatorDeployment);

        Assert.Equal("2", (string?)operatorDeployment["spec"]!["replicas"]);
        Assert.Equal("true", EnvValue(operatorDeployment, "Operator__LeaderElection__Enabled"));
        Assert.Equal("metadata.name", EnvFieldPath(operatorDeployment, "POD_NAME"));
        Assert.Equal("metadata.namespace", EnvFieldPath(operatorDeployment, "POD_NAMESPACE"));
        Assert.Equal("system-cluster-critical", (string?)pod["priorityClassName"]);
        Assert.Equal("drainsafe-operator", (string?)pod["serviceAccountName"]);
        Assert.Equal("kubernetes.io/hostname", (string?)pod["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["podAffinityTerm"]!["topologyKey"]);
        Assert.Equal("8081", (string?)container["ports"]![0]!["containerPort"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("health", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.NotNull(container["resources"]!["requests"]);
        Assert.Equal("1", (string?)chart.Single("PodDisruptionBudget", "drainsafe-operator")["spec"]!["maxUnavailable"]);
    }

    [SkippableFact]
    public async Task Operator_does_not_tolerate_the_maintenance_taint_so_it_leaves_a_node_under_maintenance()
    {
        foreach (var rendering in new[] { await Renderings.HelmTemplateAsync(), await Renderings.HelmTemplateAsync("-f", Renderings.NonDefaultValues) })
        {
            var tolerations = PodSpec(rendering.Single("Deployment", "drainsafe-operator"))["tolerations"]?.AsArray() ?? [];
            Assert.DoesNotContain(tolerations, t => (string?)t!["key"] == "drainsafe.azure.com/maintenance" || (t!["key"] is null && (string?)t["operator"] == "Exists"));
        }
    }

    [SkippableFact]
    public async Task Agent_tolerates_every_taint_runs_node_critical_and_updates_a_tenth_at_a_time()
    {
        var chart = await Renderings.HelmTemplateAsync();
        var agent = chart.Single("DaemonSet", "drainsafe-agent");
        var pod = PodSpec(agent);
        var container = Container(agent);

        var toleration = Assert.Single(pod["tolerations"]!.AsArray())!.AsObject();
        Assert.Equal("Exists", (string?)toleration["operator"]);
        Assert.Null(toleration["key"]);
        Assert.Equal("system-node-critical", (string?)pod["priorityClassName"]);
        Assert.Equal("RollingUpdate", (string?)agent["spec"]!["updateStrategy"]!["type"]);
        Assert.Equal("10%", (string?)agent["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("spec.nodeName", EnvFieldPath(agent, "NODE_NAME"));
        Assert.Null(pod["hostNetwork"]);
        Assert.Equal("8080", (string?)container["ports"]![0]!["containerPort"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
    }

    [SkippableFact]
    public async Task Non_default_values_render_host_network_monitoring_dry_run_custom_images_and_pull_secrets()
    {
        var chart = await Renderings.HelmTemplateAsync("-f", Renderings.NonDefaultValues);
        var operatorDeployment = chart.Single("Deployment", "drainsafe-operator");
        var agent = chart.Single("DaemonSet", "drainsafe-agent");

        Assert.Equal("true", (string?)PodSpec(agent)["hostNetwork"]);
        Assert.Equal("ClusterFirstWithHostNet", (string?)PodSpec(agent)["dnsPolicy"]);
        Assert.Equal("18080", (string?)Container(agent)["ports"]![0]!["containerPort"]);
        Assert.Equal("18080", EnvValue(agent, "Agent__HealthPort"));
        Assert.Equal("true", EnvValue(agent, "Agent__JsonLogs"));
        Assert.Equal("true", EnvValue(operatorDeployment, "DrainSafe__DryRun"));
        Assert.Equal("10%", EnvValue(operatorDeployment, "DrainSafe__MaxConcurrentNodes"));
        Assert.Equal("Cordon", EnvValue(operatorDeployment, "DrainSafe__EventActions__Freeze"));
        Assert.Equal("drainsafe.azure.com/never-evict=true", EnvValue(operatorDeployment, "DrainSafe__NeverEvictSelector"));
        Assert.Equal("4", EnvValue(operatorDeployment, "Operator__Workers"));
        Assert.Equal("3", (string?)operatorDeployment["spec"]!["replicas"]);
        Assert.Equal("registry.example.com/platform/drainsafe-operator:9.9.9-test", (string?)Container(operatorDeployment)["image"]);
        Assert.Equal("Always", (string?)Container(operatorDeployment)["imagePullPolicy"]);
        Assert.Equal("registry.example.com/platform/drainsafe-agent:9.9.9-test", (string?)Container(agent)["image"]);
        Assert.Equal("registry-credentials", (string?)PodSpec(agent)["imagePullSecrets"]![0]!["name"]);
        Assert.Equal("linux", (string?)PodSpec(operatorDeployment)["nodeSelector"]!["kubernetes.io/os"]);
        var serviceMonitor = chart.Single("ServiceMonitor", "drainsafe-operator");
        Assert.Equal("prometheus", (string?)serviceMonitor["metadata"]!["labels"]!["release"]);
        Assert.Equal("/metrics", (string?)serviceMonitor["spec"]!["endpoints"]![0]!["path"]);
        Assert.Equal("drainsafe-operator", (string?)chart.Single("Service", "drainsafe-operator-metrics")["spec"]!["selector"]!["app.kubernetes.io/name"]);
        Assert.Equal("/metrics", (string?)chart.Single("PodMonitor", "drainsafe-agent")["spec"]!["podMetricsEndpoints"]![0]!["path"]);
    }

    [SkippableFact]
    public async Task Admission_policy_is_rendered_only_where_the_cluster_serves_ValidatingAdmissionPolicy()
    {
        var withoutApi = await Renderings.HelmTemplateAsync();
        var withApi = await Renderings.HelmTemplateAsync("--api-versions", Renderings.ValidatingAdmissionPolicyApi);
        var disabled = await Renderings.HelmTemplateAsync("--api-versions", Renderings.ValidatingAdmissionPolicyApi, "--set", "admissionPolicy.enabled=false");

        Assert.Empty(withoutApi.OfKind("ValidatingAdmissionPolicy"));
        Assert.Empty(withoutApi.OfKind("ValidatingAdmissionPolicyBinding"));
        Assert.Single(withApi.OfKind("ValidatingAdmissionPolicy"));
        Assert.Single(withApi.OfKind("ValidatingAdmissionPolicyBinding"));
        Assert.Empty(disabled.OfKind("ValidatingAdmissionPolicy"));
    }

    [SkippableFact]
    public async Task Admission_policy_names_the_agent_service_account_of_the_release_namespace()
    {
        var chart = await Renderings.HelmTemplateAsync("--api-versions", Renderings.ValidatingAdmissionPolicyApi, "--namespace", "ops");

        var condition = (string?)chart.Single("ValidatingAdmissionPolicy", "drainsafe-agent-own-node")["spec"]!["matchConditions"]![0]!["expression"];
        Assert.Equal("request.userInfo.username == \"system:serviceaccount:ops:drainsafe-agent\"", condition);
        Assert.Equal("ops", (string?)chart.Single("ClusterRoleBinding", "drainsafe-agent")["subjects"]![0]!["namespace"]);
    }

    [SkippableFact]
    public async Task Schema_refuses_an_out_of_range_option_and_names_it()
    {
        var result = await Tool.Helm.RunAsync("template", "drainsafe", Renderings.Chart, "--set", "operator.options.evictionParallelism=0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("operator.options.evictionParallelism", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_tell_the_user_to_watch_the_NodeMaintenances()
    {
        // helm renders NOTES.txt only on install (which needs a cluster); lint renders it, so read the template here.
        var notes = File.ReadAllText(RepositoryRoot.Combine("charts", "drainsafe", "templates", "NOTES.txt"));

        Assert.Contains("kubectl get nm", notes, StringComparison.Ordinal);
    }

    public static TheoryData<string> Renderers => ["chart defaults", "chart non-default values", "kustomize config/default", "kustomize config/host-network"];

    [SkippableTheory]
    [MemberData(nameof(Renderers))]
    public async Task Every_container_runs_non_root_read_only_without_privilege_escalation_or_capabilities(string renderer)
    {
        var manifests = renderer switch
        {
            "chart defaults" => await Renderings.HelmTemplateAsync(),
            "chart non-default values" => await Renderings.HelmTemplateAsync("-f", Renderings.NonDefaultValues),
            "kustomize config/default" => await Renderings.KustomizeAsync("default"),
            _ => await Renderings.KustomizeAsync("host-network"),
        };

        var workloads = manifests.OfKind("Deployment").Concat(manifests.OfKind("DaemonSet")).ToList();
        Assert.Equal(2, workloads.Count);
        foreach (var workload in workloads)
        {
            var where = $"{renderer}: {ManifestSet.KindOf(workload)} {ManifestSet.NameOf(workload)}";
            Assert.True((string?)PodSpec(workload)["securityContext"]?["runAsNonRoot"] == "true", $"{where}: pod runAsNonRoot");
            foreach (var container in AllContainers(workload))
            {
                var context = container["securityContext"] as JsonObject;
                Assert.True(context is not null, $"{where}: container {container["name"]} has no securityContext");
                Assert.True((string?)context["runAsNonRoot"] == "true", $"{where}: runAsNonRoot");
                Assert.True((string?)context["readOnlyRootFilesystem"] == "true", $"{where}: readOnlyRootFilesystem");
                Assert.True((string?)context["allowPrivilegeEscalation"] == "false", $"{where}: allowPrivilegeEscalation");
                Assert.True(JsonNode.DeepEquals(new JsonArray("ALL"), context["capabilities"]?["drop"]), $"{where}: capabilities.drop [ALL]");
                Assert.Null(context["capabilities"]?["add"]);
                Assert.True((string?)context["seccompProfile"]?["type"] == "RuntimeDefault", $"{where}: seccompProfile RuntimeDefault");
            }
        }
    }
}
