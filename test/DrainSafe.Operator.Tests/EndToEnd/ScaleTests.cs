using System.Collections.Concurrent;
using DrainSafe.Entities;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>Many nodes drain in parallel, and the concurrency limit caps them except for urgent events.</summary>
public sealed class ScaleTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 50, maxPods: 20);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Fifty_nodes_with_maintenance_at_once_drain_in_parallel()
    {
        await world.DeployAsync("web", replicas: 100, graceSeconds: 20);
        await world.StartOperatorAsync();
        var ids = new ConcurrentDictionary<int, string>();
        for (var i = 0; i < 50; i++)
        {
            var e = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), i);
            ids[i] = e.EventId;
            world.WriteEvents(i, e);
        }

        // Parallel, not one by one: at some moment many nodes are draining at the same time.
        var most = 0;
        await Eventually.HoldsAsync(() =>
        {
            var states = Enumerable.Range(0, 50).Select(i => world.Maintenance(i)?.Status?.State).ToList();
            most = Math.Max(most, states.Count(s => s == MaintenanceState.NodeDraining || s == MaintenanceState.NodeDrained));
            return states.All(s => s == MaintenanceState.NodeDrained);
        }, "all 50 nodes drained", timeout: TimeSpan.FromSeconds(90), diagnostics: () => $"{world.Cluster.Server.Faults.RequestCount} API requests; states: " + string.Join(",", Enumerable.Range(0, 50).Select(i => world.Maintenance(i)?.Status?.State)));
        Assert.True(most >= 25, $"at most {most} nodes were draining or drained at once");
    }

    [Fact]
    public async Task The_concurrency_limit_caps_cordoned_nodes_except_for_urgent_events()
    {
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:MaxConcurrentNodes"] = "3", ["DrainSafe:UrgentWithin"] = "00:02:00" });
        for (var i = 0; i < 8; i++)
        {
            world.WriteEvents(i, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10 + i), i));
        }

        await Eventually.HoldsAsync(() => Enumerable.Range(0, 8).Count(i => world.Maintenance(i)?.Status?.State == MaintenanceState.NodeDrained) == 3,
            "three nodes drained");
        var cordoned = Enumerable.Range(0, 8).Where(i => world.NodeObject(i).Spec.Unschedulable == true).ToList();
        Assert.Equal([0, 1, 2], cordoned); // earliest NotBefore first
        Assert.All(Enumerable.Range(3, 5), i => Assert.Equal(MaintenanceState.MaintenanceScheduled, world.Maintenance(i)!.Status!.State));

        // An event due within UrgentWithin is never held back.
        world.WriteEvents(9, OperatorWorld.Event("Preempt", TimeSpan.FromSeconds(60), 9));
        await world.WaitForStateAsync(9, MaintenanceState.NodeDrained);
        Assert.Equal(MaintenanceState.MaintenanceScheduled, world.Maintenance(3)!.Status!.State);

        // A slot frees when maintenances end (the urgent node counted against the limit too): the next earliest goes.
        world.WriteEvents(0);
        world.WriteEvents(9);
        await world.WaitForStateAsync(3, MaintenanceState.NodeDrained);
        Assert.Equal(MaintenanceState.MaintenanceScheduled, world.Maintenance(4)!.Status!.State);
    }
}
