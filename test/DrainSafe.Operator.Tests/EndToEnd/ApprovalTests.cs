using DrainSafe.Entities;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>An event is approvable only when every node it lists is drained.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 4);
        await world.StartOperatorAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task An_event_listing_three_vms_is_approvable_only_after_all_three_nodes_are_drained()
    {
        var redeploy = OperatorWorld.Event("Redeploy", TimeSpan.FromMinutes(10), 0, 1, 2);
        world.WriteEvents(0, redeploy);
        world.WriteEvents(1, redeploy);
        await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        await world.WaitForStateAsync(1, MaintenanceState.NodeDrained);
        // The third node's agent has not reported the event yet: nothing may be approved.
        world.WriteEvents(2);
        await Eventually.HoldsAsync(() => world.Maintenance(2)?.Status?.State == MaintenanceState.NodeRunning, "node 2 known and running");
        Assert.Empty(world.Maintenance(0)!.Status!.ApprovableEventIds);
        Assert.Empty(world.Maintenance(1)!.Status!.ApprovableEventIds);

        world.WriteEvents(2, redeploy);
        await world.WaitForStateAsync(2, MaintenanceState.NodeDrained);
        foreach (var i in new[] { 0, 1, 2 })
        {
            await Eventually.HoldsAsync(() => world.Maintenance(i)!.Status!.ApprovableEventIds.Contains(redeploy.EventId), $"node {i} lists the event approvable",
                () => world.Describe(i));
        }

        await world.ExpectEventAsync("Approvable", e => e.InvolvedObject.Name == OperatorWorld.Node(2));
    }

    [Fact]
    public async Task An_event_listing_a_vm_outside_the_cluster_is_not_approvable_by_default()
    {
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 3) with { Resources = [OperatorWorld.Vm(3), "other-cluster-vm_7"] };
        world.WriteEvents(3, reboot);
        await world.WaitForStateAsync(3, MaintenanceState.NodeDrained);
        // The node is drained and re-examined every few seconds; the unknown VM keeps the event from being approved.
        await Eventually.HoldsAsync(() => world.Events("Drained").Any(e => e.InvolvedObject.Name == OperatorWorld.Node(3)), "the Drained event");
        var m = world.Maintenance(3)!;
        Assert.Equal(MaintenanceState.NodeDrained, m.Status!.State);
        Assert.Empty(m.Status.ApprovableEventIds);
    }

    [Fact]
    public async Task A_user_initiated_event_is_approvable_as_soon_as_this_node_is_drained()
    {
        var restart = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 3) with
        {
            Resources = [OperatorWorld.Vm(3), "other-cluster-vm_7"],
            EventSource = ScheduledEventSource.User,
        };
        world.WriteEvents(3, restart);
        await Eventually.HoldsAsync(() => world.Maintenance(3)?.Status?.ApprovableEventIds.Contains(restart.EventId) == true, "approvable", () => world.Describe(3));
    }
}
