using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Deployment_pods_are_spread_over_the_nodes_and_become_running_and_ready()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 3);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 6));

        await world.AllRunningAsync("default", "web", 6);

        var perNode = world.Pods("default", "web").GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perNode.Count);
        Assert.All(perNode.Values, count => Assert.Equal(2, count));
        var pod = world.Pods("default", "web")[0];
        Assert.StartsWith("web-", pod.Metadata.Name);
        Assert.NotNull(pod.Status.PodIP);
        Assert.Equal("ReplicaSet", pod.Metadata.OwnerReferences.Single().Kind);
    }

    [Fact]
    public async Task Scheduler_leaves_cordoned_nodes_alone_and_respects_allocatable_pods()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 3, maxPods: 2);
        (await world.Kubectl.RunAsync("cordon", WorldFixture.Node(0))).EnsureSuccess();
        await Eventually.HoldsAsync(() => world.Cluster.World.ObserveAsync(s => s.Nodes[WorldFixture.Node(0)].Unschedulable),
            "the scheduler knows node 0 is cordoned");

        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 5));

        await Eventually.HoldsAsync(() => world.Pods("default", "web").Count(WorldFixture.IsRunningAndReady) == 4,
            "4 pods run on the two open nodes");
        var pods = world.Pods("default", "web");
        Assert.DoesNotContain(pods, p => p.Spec.NodeName == WorldFixture.Node(0));
        Assert.All(pods.Where(p => p.Spec.NodeName is not null).GroupBy(p => p.Spec.NodeName), g => Assert.Equal(2, g.Count()));
        await Eventually.HoldsAsync(() => world.Pods("default", "web").Any(p =>
            p.Spec.NodeName is null && p.Status.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true),
            "the fifth pod is marked Unschedulable");
        var pending = world.Pods("default", "web").Single(p => p.Spec.NodeName is null);
        var message = pending.Status.Conditions.Single(c => c.Type == "PodScheduled").Message;
        Assert.Contains("0/3 nodes are available", message);
        Assert.Contains("1 node(s) were unschedulable", message);
        Assert.Contains("2 Too many pods", message);

        (await world.Kubectl.RunAsync("uncordon", WorldFixture.Node(0))).EnsureSuccess();
        await world.AllRunningAsync("default", "web", 5);
        Assert.Single(world.Pods("default", "web"), p => p.Spec.NodeName == WorldFixture.Node(0));
    }
}
