using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;
using k8s;

namespace DrainSafe.Sandbox.Tests.World;

/// <summary><c>kubectl get</c> on the workload kinds prints the columns a real API server's Table answer gives.</summary>
public sealed class KubectlWorkloadTableTests
{
    [Fact]
    public async Task Kubectl_get_prints_the_real_servers_columns_for_every_workload_kind_and_pdbs()
    {
        Assert.True(KubectlRunner.IsAvailable, "kubectl must be installed at /usr/bin/kubectl");
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.EnsureNamespace("monitoring");
        var daemonSet = WorkloadManifests.DaemonSet("monitoring", "node-exporter");
        daemonSet["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = "linux" };
        world.Create(BuiltInResources.DaemonSets, daemonSet);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 3));
        world.Create(BuiltInResources.StatefulSets, WorkloadManifests.StatefulSet("default", "db", replicas: 2));
        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", null, "1"));
        await world.AllRunningAsync("default", "web", 3);
        await world.AllRunningAsync("default", "db", 2);
        await world.AllRunningAsync("monitoring", "node-exporter", 2);
        await Eventually.HoldsAsync(async () =>
            (await world.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-exporter", "monitoring")).Status?.NumberAvailable == 2
            && (await world.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", "default")).Status?.ReadyReplicas == 2
            && (await world.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status?.AvailableReplicas == 3
            && world.Pdb("default", "web-pdb").Status?.DisruptionsAllowed == 1, "every workload status and the PDB have caught up");

        var replicaSets = await world.Kubectl.RunOrThrowAsync("get", "rs", "-n", "default");
        var statefulSets = await world.Kubectl.RunOrThrowAsync("get", "statefulsets", "-n", "default");
        var daemonSets = await world.Kubectl.RunOrThrowAsync("get", "ds", "-n", "monitoring");
        var deployments = await world.Kubectl.RunOrThrowAsync("get", "deploy", "-n", "default");
        var budgets = await world.Kubectl.RunOrThrowAsync("get", "pdb", "-n", "default");
        var wide = await world.Kubectl.RunOrThrowAsync("get", "rs", "-n", "default", "-o", "wide");

        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s*\n", replicaSets);
        Assert.Matches(@"\nweb-[0-9a-z]+\s+3\s+3\s+3\s+[0-9]+s", replicaSets);
        Assert.Matches(@"^NAME\s+READY\s+AGE\s*\n", statefulSets);
        Assert.Matches(@"\ndb\s+2/2\s+[0-9]+s", statefulSets);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s*\n", daemonSets);
        Assert.Matches(@"\nnode-exporter\s+2\s+2\s+2\s+2\s+2\s+kubernetes.io/os=linux\s+[0-9]+s", daemonSets);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s*\n", deployments);
        Assert.Matches(@"\nweb\s+3/3\s+3\s+3\s+[0-9]+s", deployments);
        Assert.Matches(@"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\s*\n", budgets);
        Assert.Matches(@"\nweb-pdb\s+N/A\s+1\s+1\s+[0-9]+s", budgets);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\s*\n", wide);
        Assert.Matches(@"\nweb-[0-9a-z]+\s+3\s+3\s+3\s+[0-9]+s\s+\S+\s+\S+\s+app=web,pod-template-hash=[0-9a-z]+", wide);
    }
}
