using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>Deleting a NodeMaintenance restores its node; deleting a Node releases its NodeMaintenance.</summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 3);
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:CordonTaint"] = "true" });
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_nodemaintenance_deleted_mid_drain_restores_the_node()
    {
        await world.DeployAsync("stuck", replicas: 1, graceSeconds: 1, pdbMinAvailable: "1");
        var node = world.RunningPods("stuck")[0].Spec.NodeName;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == node);
        world.WriteEvents(index, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index));
        await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.Drain?.BlockedBy.Count > 0, "draining, blocked", () => world.Describe(index));
        Assert.Contains(world.NodeObject(index).Spec.Taints ?? [], t => t.Key == "drainsafe.azure.com/maintenance");
        Assert.Contains(DrainSafeFinalizers.NodeMaintenance, world.Maintenance(index)!.Metadata.Finalizers);

        world.Store.Delete<NodeMaintenance>(null, node);
        await Eventually.HoldsAsync(() => world.Maintenance(index) is null, "the NodeMaintenance gone (finalizer done)", () => world.Describe(index));
        var restored = world.NodeObject(index);
        Assert.NotEqual(true, restored.Spec.Unschedulable);
        Assert.DoesNotContain(restored.Spec.Taints ?? [], t => t.Key == "drainsafe.azure.com/maintenance");
        Assert.False(restored.Metadata.Annotations?.ContainsKey(DrainSafeAnnotations.MaintenanceOwner) ?? false);
    }

    [Fact]
    public async Task A_nodemaintenance_deleted_while_its_drain_waits_on_a_silent_api_server_restores_the_node()
    {
        // Every node runs a DaemonSet pod: the drain asks whether its DaemonSet still exists, and that answer never comes.
        world.Store.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet(OperatorWorld.Apps, "node-agent"));
        await Eventually.HoldsAsync(
            () => world.PodsOn(OperatorWorld.Node(1)).Any(p => p.Status?.Phase == "Running"), "the DaemonSet pod runs on the node", () => world.Describe(1));
        world.Cluster.Server.Faults.HangNext(1, method: "GET", pathContains: "/daemonsets/");
        world.WriteEvents(1, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 1));
        await Eventually.HoldsAsync(() => world.Cluster.Server.Faults.HungRequests == 1, "the drain's DaemonSet read is held", () => world.Describe(1));

        world.Store.Delete<NodeMaintenance>(null, OperatorWorld.Node(1));

        // The drain is stopped, its held request abandoned, and the finalizer restores the node.
        await Eventually.HoldsAsync(() => world.Maintenance(1) is null, "the NodeMaintenance gone (finalizer done)", () => world.Describe(1));
        Assert.NotEqual(true, world.NodeObject(1).Spec.Unschedulable);
    }

    [Fact]
    public async Task A_deleted_node_takes_its_nodemaintenance_with_it_without_an_error_loop()
    {
        world.WriteEvents(2, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 2));
        await world.WaitForStateAsync(2, MaintenanceState.NodeDrained);
        world.Store.Delete(BuiltInResources.Nodes, null, OperatorWorld.Node(2));
        await Eventually.HoldsAsync(() => world.Maintenance(2) is null, "the NodeMaintenance garbage-collected", () => world.Describe(2));
        var before = world.Cluster.Server.Faults.RequestCount;
        await Eventually.HoldsAsync(() => world.Store.Get<V1Node>(null, OperatorWorld.Node(2)) is null, "node gone");
        // No retry loop: a quiet cluster stays quiet (a loop would hit the API server many times a second).
        var window = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.HoldsAsync(() => window.Elapsed > TimeSpan.FromSeconds(2), "a short observation window");
        Assert.True(world.Cluster.Server.Faults.RequestCount - before < 40, $"{world.Cluster.Server.Faults.RequestCount - before} requests in 2 s");
    }
}
