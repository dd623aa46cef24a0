using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class KubectlDrainTests
{
    [Fact]
    public async Task Kubectl_drain_waits_on_the_budget_and_completes_once_the_workload_has_moved()
    {
        Assert.True(KubectlRunner.IsAvailable, "kubectl must be installed at /usr/bin/kubectl");
        await using var world = await WorldFixture.StartAsync(nodes: 2, maxPods: 10);
        var drained = WorldFixture.Node(0);
        world.EnsureNamespace("monitoring");
        world.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet("monitoring", "node-exporter"));
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 4));
        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "3", null));
        world.Create(BuiltInResources.Pods, WorkloadManifests.BarePod("default", "scratch", "scratch", drained, emptyDir: true));
        await world.AllRunningAsync("default", "web", 4);
        await world.AllRunningAsync("monitoring", "node-exporter", 2);
        await world.AllRunningAsync("default", "scratch", 1);
        Assert.Equal(2, world.Pods("default", "web").Count(p => p.Spec.NodeName == drained));
        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status?.DisruptionsAllowed == 1, "one disruption allowed");

        var result = await world.Kubectl.RunAsync(
            ["drain", drained, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=90s"], timeout: TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, $"kubectl drain failed:\n{result.StandardOutput}\n{result.StandardError}");
        // The second web pod had to wait for the first one's replacement: kubectl retried on the budget.
        Assert.Contains("violate the pod's disruption budget", result.StandardError);
        Assert.Contains($"node/{drained} drained", result.StandardOutput);
        Assert.True(world.NodeObject(drained)!.Spec.Unschedulable);
        await world.AllRunningAsync("default", "web", 4);
        Assert.All(world.Pods("default", "web"), p => Assert.NotEqual(drained, p.Spec.NodeName));
        Assert.Empty(world.Pods("default", "scratch"));
        Assert.Single(world.PodsOn(drained), p => p.Metadata.Labels["app"] == "node-exporter");
    }
}
