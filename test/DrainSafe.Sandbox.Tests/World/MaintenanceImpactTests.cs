using System.Collections.Concurrent;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Maintenance;
using DrainSafe.Sandbox.World.Nodes;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class MaintenanceImpactTests
{
    [Fact]
    public async Task Every_node_has_an_azure_provider_id_and_its_vm_registered_with_the_imds()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);

        var node = world.NodeObject(WorldFixture.Node(1))!;

        Assert.Equal(WorldFixture.Vm(1), node.Metadata.Annotations[SandboxNodeLabels.VmNameAnnotation]);
        Assert.EndsWith("/virtualMachineScaleSets/pool1-vmss/virtualMachines/1", node.Spec.ProviderID);
        Assert.StartsWith("azure:///subscriptions/", node.Spec.ProviderID);
        Assert.Equal("pool1", node.Metadata.Labels[SandboxNodeLabels.AgentPool]);
        Assert.Equal("30", node.Status.Allocatable["pods"].ToString());
        Assert.Equal([WorldFixture.Vm(0), WorldFixture.Vm(1)], world.Cluster.Imds.VmNames.Order());
    }

    [Fact]
    public async Task Reboot_kills_the_pods_of_the_node_which_comes_back_ready_with_its_daemonset_pod()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 3);
        var impacts = new ConcurrentQueue<VmImpactObservation>();
        world.Cluster.VmImpacted += impacts.Enqueue;
        world.EnsureNamespace("monitoring");
        world.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet("monitoring", "node-exporter"));
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 6));
        await world.AllRunningAsync("default", "web", 6);
        await world.AllRunningAsync("monitoring", "node-exporter", 3);
        var rebooted = WorldFixture.Node(0);
        var doomed = world.PodsOn(rebooted).Select(p => p.Metadata.Uid).ToHashSet();
        Assert.Equal(3, doomed.Count);

        world.Cluster.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Reboot,
            Resources = [WorldFixture.Vm(0)],
            StartedAlready = true,
            Duration = TimeSpan.FromSeconds(6),
            ImpactDuration = TimeSpan.FromSeconds(2),
        });

        await Eventually.HoldsAsync(() => impacts.Any(i => i.Kind == VmImpactKind.Down), "the VM goes down");
        var down = impacts.Single(i => i.Kind == VmImpactKind.Down);
        Assert.Equal(rebooted, down.NodeName);
        Assert.Equal("Reboot", down.EventType);
        Assert.Equal(2, down.EvictablePods.Count());
        await Eventually.HoldsAsync(() => !world.Pods("default").Concat(world.Pods("monitoring")).Any(p => doomed.Contains(p.Metadata.Uid)),
            "the rebooted node's pods are gone");
        await world.AllRunningAsync("default", "web", 6);
        Assert.DoesNotContain(world.Pods("default", "web"), p => p.Spec.NodeName == rebooted);

        await Eventually.HoldsAsync(() => WorldFixture.IsReady(world.NodeObject(rebooted)!) && world.NodeObject(rebooted)!.Spec.Taints is null,
            "the node is Ready again without the unreachable taint");
        await world.AllRunningAsync("monitoring", "node-exporter", 3);
        Assert.Single(world.PodsOn(rebooted), p => p.Metadata.Labels["app"] == "node-exporter" && WorldFixture.IsRunningAndReady(p));
        Assert.Contains(impacts, i => i.Kind == VmImpactKind.Up && i.NodeName == rebooted);
    }

    [Fact]
    public async Task Preemption_deletes_the_node_and_its_pods_and_the_workload_moves()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 3);
        world.EnsureNamespace("monitoring");
        world.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet("monitoring", "node-exporter"));
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "batch", replicas: 6));
        await world.AllRunningAsync("default", "batch", 6);
        await world.AllRunningAsync("monitoring", "node-exporter", 3);
        var preempted = WorldFixture.Node(1);

        world.Cluster.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Preempt,
            Resources = [WorldFixture.Vm(1)],
            StartedAlready = true,
            Duration = TimeSpan.FromSeconds(3),
            ImpactDuration = TimeSpan.FromMilliseconds(500),
        });

        await Eventually.HoldsAsync(() => world.NodeObject(preempted) is null, "the preempted node is deleted");
        await Eventually.HoldsAsync(() => world.PodsOn(preempted).Count == 0, "no pod is bound to the deleted node");
        await world.AllRunningAsync("default", "batch", 6);
        await world.AllRunningAsync("monitoring", "node-exporter", 2);
        Assert.DoesNotContain(WorldFixture.Vm(1), world.Cluster.Imds.VmNames);
    }
}
