using DrainSafe.Entities;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>What each kind of event does: cancellation, hardware failure, Freeze, an event days ahead.</summary>
public sealed class EventKindsTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 4);
        await world.DeployAsync("web", replicas: 4, graceSeconds: 5);
        await world.StartOperatorAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_cancelled_event_stops_the_drain_and_restores_the_node()
    {
        await world.DeployAsync("stuck", replicas: 1, graceSeconds: 1, pdbMinAvailable: "1");
        var node = world.RunningPods("stuck")[0].Spec.NodeName;
        var index = Enumerable.Range(0, 4).First(i => OperatorWorld.Node(i) == node);
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index);
        world.WriteEvents(index, reboot);
        await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.Drain?.BlockedBy.Contains("apps/stuck") == true, "blocked by apps/stuck",
            () => world.Describe(index));

        world.WriteEvents(index);
        await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned);
        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
        await world.ExpectEventAsync("MaintenanceCancelled", e => e.InvolvedObject.Name == node);
        Assert.Single(world.RunningPods("stuck"));
    }

    [Fact]
    public async Task A_started_event_with_no_scheduled_phase_cordons_at_once_and_drains_what_is_left()
    {
        var failure = OperatorWorld.Started(OperatorWorld.Event("Reboot", TimeSpan.Zero, 1));
        world.WriteEvents(1, failure);
        await world.WaitForStateAsync(1, MaintenanceState.MaintenanceStarted);
        Assert.Contains(MaintenanceState.NodeDrained, world.States[OperatorWorld.Node(1)]);
        Assert.True(world.NodeObject(1).Spec.Unschedulable);
        Assert.DoesNotContain(world.PodsOn(OperatorWorld.Node(1)), p => p.Metadata.DeletionTimestamp is null);
    }

    [Fact]
    public async Task A_freeze_cordons_nothing_by_default()
    {
        var freeze = OperatorWorld.Event("Freeze", TimeSpan.FromMinutes(10), 2);
        world.WriteEvents(2, freeze);
        await Eventually.HoldsAsync(() => world.Maintenance(2)?.Status?.ObservedGeneration == world.Maintenance(2)?.Metadata.Generation, "the event seen");
        Assert.Equal(MaintenanceState.NodeRunning, world.Maintenance(2)!.Status!.State);
        Assert.NotEqual(true, world.NodeObject(2).Spec.Unschedulable);
    }

    [Fact]
    public async Task An_event_two_days_ahead_does_not_cordon_before_the_lead_time()
    {
        var degraded = OperatorWorld.Event("Redeploy", TimeSpan.FromDays(2), 3);
        world.WriteEvents(3, degraded);
        await world.WaitForStateAsync(3, MaintenanceState.MaintenanceScheduled);
        await Eventually.HoldsAsync(() => world.Maintenance(3)?.Status?.ObservedGeneration == world.Maintenance(3)?.Metadata.Generation, "the event seen");
        Assert.NotEqual(true, world.NodeObject(3).Spec.Unschedulable);
        Assert.Equal(MaintenanceState.MaintenanceScheduled, world.Maintenance(3)!.Status!.State);
    }
}

/// <summary>Freeze drains when the policy says so.</summary>
public sealed class FreezePolicyTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 2);
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:EventActions:Freeze"] = "Drain" });
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_freeze_drains_when_the_policy_is_set_to_drain()
    {
        world.WriteEvents(0, OperatorWorld.Event("Freeze", TimeSpan.FromMinutes(10), 0));
        await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        Assert.True(world.NodeObject(0).Spec.Unschedulable);
    }
}
