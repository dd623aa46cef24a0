using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Tests.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Kubectl;

/// <summary>What a user does with the real kubectl 1.32 against the sandbox.</summary>
public sealed class KubectlAcceptanceTests : IAsyncLifetime
{
    private const string NodeMaintenanceYaml = """
        apiVersion: drainsafe.azure.com/v1alpha1
        kind: NodeMaintenance
        metadata:
          name: node-1
        spec:
          nodeName: node-1
          events:
          - eventType: Reboot
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private SandboxFixture _sandbox = null!;

    private KubectlRunner Kubectl => _sandbox.Kubectl;

    public async Task InitializeAsync() => _sandbox = await SandboxFixture.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Kubectl_apply_creates_a_crd_from_a_file()
    {
        var output = await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("crd.yaml", TestObjects.CrdYaml));

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/nodemaintenances.drainsafe.azure.com created", output);
        Assert.NotNull(await _sandbox.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(TestObjects.CrdName));
    }

    [Fact]
    public async Task Kubectl_wait_for_established_returns_once_the_crd_is_served()
    {
        await ApplyCrdAsync();

        var output = await Kubectl.RunOrThrowAsync("wait", "--for", "condition=established", $"crd/{TestObjects.CrdName}", "--timeout=20s");

        Assert.Contains("condition met", output);
    }

    [Fact]
    public async Task Kubectl_apply_creates_a_custom_resource_and_a_second_apply_changes_it()
    {
        await ApplyCrdAsync();

        var created = await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml));
        var configured = await Kubectl.RunOrThrowAsync("apply", "-f",
            _sandbox.WriteFile("nm2.yaml", NodeMaintenanceYaml.Replace("eventType: Reboot", "eventType: Freeze")));
        var unchanged = await Kubectl.RunOrThrowAsync("apply", "-f", Path.Combine(_sandbox.Directory, "nm2.yaml"));

        Assert.Contains("nodemaintenance.drainsafe.azure.com/node-1 created", created);
        Assert.Contains("nodemaintenance.drainsafe.azure.com/node-1 configured", configured);
        Assert.Contains("nodemaintenance.drainsafe.azure.com/node-1 unchanged", unchanged);
        Assert.Equal("Freeze", (string?)NodeMaintenance("node-1")["spec"]!["events"]![0]!["eventType"]);
    }

    [Fact]
    public async Task Kubectl_apply_with_an_unknown_field_fails_with_strict_decoding_error()
    {
        await ApplyCrdAsync();

        var result = await Kubectl.RunAsync("apply", "-f",
            _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml.Replace("  nodeName: node-1", "  nodeName: node-1\n  foo: bar")));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"spec.foo\"", result.StandardError);
    }

    [Fact]
    public async Task Kubectl_get_shows_the_printer_columns()
    {
        await ApplyCrdAsync();
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml));
        await Kubectl.RunOrThrowAsync("patch", "nm", "node-1", "--subresource=status", "--type=merge",
            "-p", "{\"status\":{\"state\":\"NodeDraining\",\"drain\":{\"remainingPods\":4}}}");

        var output = await Kubectl.RunOrThrowAsync("get", "nodemaintenances");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATE\s+EVENT\s+PODS LEFT\s+AGE$", lines[0]);
        Assert.Matches(@"^node-1\s+NodeDraining\s+Reboot\s+4\s+\d+s$", lines[1]);
    }

    [Fact]
    public async Task Kubectl_get_as_yaml_prints_the_stored_object()
    {
        await ApplyCrdAsync();
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml));

        var output = await Kubectl.RunOrThrowAsync("get", "nm", "node-1", "-o", "yaml");

        var uid = (string?)NodeMaintenance("node-1")["metadata"]!["uid"];
        Assert.Contains("kind: NodeMaintenance", output);
        Assert.Contains("nodeName: node-1", output);
        Assert.Contains($"uid: {uid}", output);
        Assert.Contains("generation: 1", output);
    }

    [Fact]
    public async Task Kubectl_get_nodes_shows_status_roles_and_version()
    {
        await _sandbox.Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1",
            new Dictionary<string, string> { ["node-role.kubernetes.io/agent"] = string.Empty }));

        var output = await Kubectl.RunOrThrowAsync("get", "nodes");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$", lines[0]);
        Assert.Matches(@"^node-1\s+Ready\s+agent\s+\d+s\s+v1\.32\.4$", lines[1]);
    }

    [Fact]
    public async Task Kubectl_cordon_and_uncordon_flip_unschedulable()
    {
        await _sandbox.Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var cordon = await Kubectl.RunOrThrowAsync("cordon", "node-1");
        var cordoned = await _sandbox.Client.CoreV1.ReadNodeAsync("node-1");
        var uncordon = await Kubectl.RunOrThrowAsync("uncordon", "node-1");
        var uncordoned = await _sandbox.Client.CoreV1.ReadNodeAsync("node-1");

        Assert.Contains("node/node-1 cordoned", cordon);
        Assert.True(cordoned.Spec.Unschedulable);
        Assert.Contains("node/node-1 uncordoned", uncordon);
        Assert.NotEqual(true, uncordoned.Spec.Unschedulable);
    }

    [Fact]
    public async Task Kubectl_label_and_annotate_change_the_node()
    {
        await _sandbox.Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        await Kubectl.RunOrThrowAsync("label", "node", "node-1", "pool=a");
        await Kubectl.RunOrThrowAsync("annotate", "node", "node-1", "drainsafe.azure.com/maintenancestate=NodeRunning");
        var node = await _sandbox.Client.CoreV1.ReadNodeAsync("node-1");
        await Kubectl.RunOrThrowAsync("label", "node", "node-1", "pool-");
        var unlabeled = await _sandbox.Client.CoreV1.ReadNodeAsync("node-1");

        Assert.Equal("a", node.Metadata.Labels["pool"]);
        Assert.Equal("NodeRunning", node.Metadata.Annotations["drainsafe.azure.com/maintenancestate"]);
        Assert.False(unlabeled.Metadata.Labels?.ContainsKey("pool") ?? false);
    }

    [Fact]
    public async Task Kubectl_delete_of_an_object_with_a_finalizer_waits_for_a_json_patch_that_removes_it()
    {
        await ApplyCrdAsync();
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("nm.yaml",
            NodeMaintenanceYaml.Replace("  name: node-1", "  name: node-1\n  finalizers: [drainsafe.azure.com/cleanup]")));

        var deleted = await Kubectl.RunOrThrowAsync("delete", "nm", "node-1", "--wait=false");
        var stillThere = NodeMaintenance("node-1");
        var patched = await Kubectl.RunOrThrowAsync("patch", "nm", "node-1", "--type=json",
            "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        var afterPatch = await Kubectl.RunAsync("get", "nm", "node-1");

        Assert.Contains("\"node-1\" deleted", deleted);
        Assert.NotNull(stillThere["metadata"]!["deletionTimestamp"]);
        Assert.Contains("patched", patched);
        Assert.NotEqual(0, afterPatch.ExitCode);
        Assert.Contains("NotFound", afterPatch.StandardError);
    }

    [Fact]
    public async Task Kubectl_get_watch_prints_a_change_as_it_happens()
    {
        await ApplyCrdAsync();
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml));
        var resource = _sandbox.Server.Store.Resources.Find(TestObjects.Group, TestObjects.Version, TestObjects.Plural)!;

        await using var watching = Kubectl.StartWatching("get", "nm", "-w");
        await watching.WaitForOutputAsync(o => o.Contains("node-1"), Patience);
        await WaitUntilAsync(() => _sandbox.Server.Store.OpenWatchCountOf(resource) == 1);
        await _sandbox.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"state\":\"NodeCordoned\"}}", V1Patch.PatchType.MergePatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, "node-1");

        var output = await watching.WaitForOutputAsync(o => o.Contains("NodeCordoned"), Patience);

        Assert.Matches(@"node-1\s+NodeCordoned\s+Reboot", output);
        Assert.Single(output.Split('\n'), line => line.StartsWith("NAME", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubectl_drain_evicts_the_pods_of_a_cordoned_node()
    {
        await _sandbox.Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        await _sandbox.Client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", "node-1"), "default");
        await _sandbox.Client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("elsewhere", "node-2"), "default");

        var output = await Kubectl.RunOrThrowAsync("drain", "node-1", "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=20s");

        Assert.Contains("node/node-1 drained", output);
        Assert.Equal(["elsewhere"], (await _sandbox.Client.CoreV1.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name));
        Assert.Contains(_sandbox.Server.Faults.Requests, r => r.Method == "POST" && r.Path.EndsWith("/pods/web-1/eviction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubectl_create_namespace_and_configmap_work_although_kubectl_sends_protobuf()
    {
        await Kubectl.RunOrThrowAsync("create", "namespace", "team");
        await Kubectl.RunOrThrowAsync("create", "configmap", "settings", "-n", "team", "--from-literal=mode=fast");

        var configMap = await _sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "team");
        var deployment = await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx");

        Assert.Equal("fast", configMap.Data["mode"]);
        Assert.NotEqual(0, deployment.ExitCode);
        Assert.Contains("send application/json instead", deployment.StandardError);
    }

    [Fact]
    public async Task Kubectl_apply_twice_updates_a_node_with_a_strategic_merge_patch()
    {
        const string node = """
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels:
                pool: a
            spec:
              taints:
              - key: maintenance
                effect: NoSchedule
            """;
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("node.yaml", node));

        var output = await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("node2.yaml",
            node.Replace("pool: a", "pool: b").Replace("key: maintenance", "key: drain")));

        var updated = await _sandbox.Client.CoreV1.ReadNodeAsync("node-1");
        Assert.Contains("node/node-1 configured", output);
        Assert.Equal("b", updated.Metadata.Labels["pool"]);
        Assert.Equal("drain", Assert.Single(updated.Spec.Taints).Key);
    }

    [Fact]
    public async Task Kubectl_apply_k_installs_the_repository_config_unchanged()
    {
        var config = RepositoryRoot.Combine("config");

        var applied = await Kubectl.RunOrThrowAsync("apply", "-k", config);
        var role = await Kubectl.RunOrThrowAsync("get", "clusterrole", "drainsafe-operator", "-o", "yaml");
        var again = await Kubectl.RunOrThrowAsync("apply", "-k", config);

        Assert.Contains("namespace/drainsafe-system created", applied);
        Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{TestObjects.CrdName} created", applied);
        Assert.Contains("clusterrole.rbac.authorization.k8s.io/drainsafe-operator created", applied);
        Assert.Contains("clusterrolebinding.rbac.authorization.k8s.io/drainsafe-operator created", applied);
        Assert.Contains("kind: ClusterRole", role);
        Assert.Contains("name: drainsafe-operator", role);
        Assert.Contains("- nodes", role);
        Assert.DoesNotContain("configured", again);
        Assert.Contains("clusterrole.rbac.authorization.k8s.io/drainsafe-operator unchanged", again);
        Assert.NotEmpty((await _sandbox.Client.CoreV1.ListNamespacedServiceAccountAsync("drainsafe-system")).Items);
    }

    [Fact]
    public async Task Kubectl_apply_k_installs_the_shipped_admission_policy_and_it_is_enforced()
    {
        await Kubectl.RunOrThrowAsync("apply", "-f", RepositoryRoot.Combine(CustomResourceDefinitionFile.RelativePath));

        var applied = await Kubectl.RunOrThrowAsync("apply", "-k", RepositoryRoot.Combine("config", "admission"));
        var again = await Kubectl.RunOrThrowAsync("apply", "-k", RepositoryRoot.Combine("config", "admission"));
        // kubectl sends no bearer token to a plain-HTTP server (the sandbox), so the agent's writes go through KubernetesClient.
        using var agentOnNodeA = new Kubernetes(_sandbox.Server.CreateClientConfiguration(
            DrainSafeServiceAccounts.IssueAgentToken(_sandbox.Server.Authentication, "node-a")));
        var denied = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => agentOnNodeA.CustomObjects.CreateClusterCustomObjectAsync(
            JsonNode.Parse("""{"apiVersion":"drainsafe.azure.com/v1alpha1","kind":"NodeMaintenance","metadata":{"name":"node-1"},"spec":{"nodeName":"node-1","vmName":"vm-1"}}"""),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural));

        Assert.Contains("validatingadmissionpolicy.admissionregistration.k8s.io/drainsafe-agent-own-node created", applied);
        Assert.Contains("validatingadmissionpolicybinding.admissionregistration.k8s.io/drainsafe-agent-own-node created", applied);
        Assert.Contains("validatingadmissionpolicy.admissionregistration.k8s.io/drainsafe-agent-own-node unchanged", again);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.Response.StatusCode);
        Assert.Contains("the DrainSafe agent on node node-a may write only the NodeMaintenance node-a, not node-1", denied.Response.Content);
    }

    [Fact]
    public async Task Kubectl_apply_with_server_dry_run_validates_but_creates_nothing()
    {
        await ApplyCrdAsync();

        var output = await Kubectl.RunOrThrowAsync("apply", "--dry-run=server", "-f", _sandbox.WriteFile("nm.yaml", NodeMaintenanceYaml));
        var invalid = await Kubectl.RunAsync("apply", "--dry-run=server", "-f",
            _sandbox.WriteFile("bad.yaml", NodeMaintenanceYaml.Replace("eventType: Reboot", "eventType: Explode")));
        var list = await _sandbox.Client.CustomObjects.ListClusterCustomObjectAsync(TestObjects.Group, TestObjects.Version, TestObjects.Plural);

        Assert.Contains("nodemaintenance.drainsafe.azure.com/node-1 created (server dry run)", output);
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("Unsupported value: \"Explode\"", invalid.StandardError);
        Assert.Empty(((System.Text.Json.JsonElement)list).GetProperty("items").EnumerateArray());
    }

    private async Task ApplyCrdAsync()
    {
        await Kubectl.RunOrThrowAsync("apply", "-f", _sandbox.WriteFile("crd.yaml", TestObjects.CrdYaml));
        await Kubectl.RunOrThrowAsync("wait", "--for", "condition=established", $"crd/{TestObjects.CrdName}", "--timeout=20s");
    }

    private JsonObject NodeMaintenance(string name) =>
        _sandbox.Server.Store.Get(_sandbox.Server.Store.Resources.Find(TestObjects.Group, TestObjects.Version, TestObjects.Plural)!, null, name)!
            .ToJsonObject();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
