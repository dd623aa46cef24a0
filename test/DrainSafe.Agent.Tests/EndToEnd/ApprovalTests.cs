using System.Diagnostics;
using DrainSafe.Entities;
using Xunit.Abstractions;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>Events the operator marks approvable are approved with IMDS once and recorded in status.approvedEventIds.</summary>
public sealed class ApprovalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task An_approvable_event_is_posted_to_imds_once_within_about_a_second_and_recorded_in_approved_event_ids()
    {
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");

        var clock = Stopwatch.StartNew();
        world.MarkApprovable(0, eventId);
        await Eventually.HoldsAsync(() => world.Imds.GetApprovals().Count > 0, "IMDS has received the approval", world.Diagnostics);
        var elapsed = clock.Elapsed;

        var nm = await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "approvedEventIds lists the event");
        output.WriteLine($"Approval POSTed {elapsed.TotalMilliseconds:0} ms after the event became approvable.");
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"took {elapsed}");
        Assert.Equal([eventId], nm.Status.ApprovableEventIds);
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId, ScheduledEventStatus.Started), "the approved event is Started in the spec");

        await world.WaitForImdsCallsAsync(0, 10);
        var approval = Assert.Single(world.Imds.GetApprovals());
        Assert.Equal((eventId, AgentWorld.Vm(0)), (approval.EventId, approval.ApprovedBy));
    }

    [Fact]
    public async Task A_restarted_agent_neither_loses_nor_repeats_an_approval()
    {
        var agent = await world.StartAgentAsync();
        var first = world.ScheduleEvent(AgentWorld.Vm(0));
        var second = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, first) && AgentWorld.Lists(m, second), "both events are in the spec");
        world.MarkApprovable(0, first);
        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(first), "approvedEventIds lists the first event");

        await world.StopAgentAsync(agent);
        await world.StartAgentAsync();
        await world.WaitForImdsCallsAsync(0, 5);
        world.MarkApprovable(0, first, second);
        var nm = await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(second), "approvedEventIds lists the second event");
        await world.WaitForImdsCallsAsync(0, 5);

        Assert.Equal([first, second], nm.Status.ApprovedEventIds);
        Assert.Equal([first, second], world.Imds.GetApprovals().Select(a => a.EventId));
    }

    [Fact]
    public async Task A_failed_approval_is_retried_until_imds_accepts_it()
    {
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");

        world.Imds.FailNextCalls(500, 3, AgentWorld.Vm(0));
        world.MarkApprovable(0, eventId);

        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "approvedEventIds lists the event");
        Assert.Contains(world.Logs.Lines, l => l.Contains("Approving events [" + eventId, StringComparison.Ordinal) && l.Contains("500", StringComparison.Ordinal));
        Assert.Single(world.Imds.GetApprovals());
    }

    [Fact]
    public async Task With_a_broken_watch_approvability_is_read_with_one_get_per_poll_while_an_event_is_pending()
    {
        var faults = world.Cluster.Server.Faults;
        faults.FailNext(100_000, 500, "GET", "watch=true");
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");

        world.MarkApprovable(0, eventId);

        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "approvedEventIds lists the event");
        Assert.Single(world.Imds.GetApprovals());
        Assert.Contains(faults.Requests, r => r.Method == "GET" && !r.IsWatch && r.Path.EndsWith("/nodemaintenances/" + AgentWorld.Node(0), StringComparison.Ordinal));
    }
}
