using System.Diagnostics;
using DrainSafe.Entities;
using Xunit.Abstractions;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>The agent's NodeMaintenance exists as long as the agent runs.</summary>
public sealed class RecreationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync(nodes: 1);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_node_maintenance_deleted_while_the_agent_runs_is_re_created_with_its_events()
    {
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        var before = await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");

        var clock = Stopwatch.StartNew();
        world.Store.Delete<NodeMaintenance>(null, AgentWorld.Node(0));
        var after = await world.WaitForMaintenanceAsync(m => m.Metadata.Uid != before.Metadata.Uid && AgentWorld.Lists(m, eventId),
            "the NodeMaintenance is back with the event");

        output.WriteLine($"Re-created {clock.Elapsed.TotalMilliseconds:0} ms after the deletion.");
        Assert.Equal(AgentWorld.Node(0), Assert.Single(after.Metadata.OwnerReferences).Name);
    }

    [Fact]
    public async Task An_approval_recorded_before_a_deletion_is_recorded_again_and_not_repeated()
    {
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        world.MarkApprovable(0, eventId);
        var before = await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "approvedEventIds lists the event");

        world.Store.Delete<NodeMaintenance>(null, AgentWorld.Node(0));

        await world.WaitForMaintenanceAsync(m => m.Metadata.Uid != before.Metadata.Uid && m.Status.ApprovedEventIds.Contains(eventId),
            "the re-created NodeMaintenance records the approval again");
        Assert.Single(world.Imds.GetApprovals());
    }
}
