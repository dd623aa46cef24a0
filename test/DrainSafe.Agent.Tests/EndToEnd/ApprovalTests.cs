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
        // Long enough in Started that neither leaves the document (and the record) during the test.
        var first = world.ScheduleEvent(TimeSpan.FromMinutes(5), AgentWorld.Vm(0));
        var second = world.ScheduleEvent(TimeSpan.FromMinutes(5), AgentWorld.Vm(0));
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
    public async Task The_record_of_an_approval_is_dropped_once_its_event_has_left_imds_and_nothing_is_approved_twice()
    {
        await world.StartAgentAsync();
        var done = world.ScheduleEvent(TimeSpan.FromSeconds(1), AgentWorld.Vm(0));
        var pending = world.ScheduleEvent(TimeSpan.FromMinutes(5), AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, done) && AgentWorld.Lists(m, pending), "both events are in the spec");
        world.MarkApprovable(0, done, pending);
        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(done) && m.Status.ApprovedEventIds.Contains(pending), "both are recorded");

        await world.WaitForMaintenanceAsync(m => !AgentWorld.Lists(m, done), "the finished event has left the spec");
        var nm = await world.WaitForMaintenanceAsync(m => !m.Status.ApprovedEventIds.Contains(done), "its id has left approvedEventIds");
        await world.WaitForImdsCallsAsync(0, 5);

        Assert.Equal([pending], nm.Status.ApprovedEventIds);
        Assert.Equal(new[] { done, pending }.Order(StringComparer.Ordinal), world.Imds.GetApprovals().Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_agent_restarted_after_its_approved_event_left_imds_drops_the_record_and_approves_nothing_again()
    {
        var agent = await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(TimeSpan.FromSeconds(1), AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        world.MarkApprovable(0, eventId);
        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "approvedEventIds lists the event");

        await world.StopAgentAsync(agent);
        await Eventually.HoldsAsync(() => world.Imds.GetEvents().All(e => e.EventId != eventId), "the event has left IMDS", world.Diagnostics);
        await world.StartAgentAsync();

        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Count == 0, "the restarted agent drops the record");
        await world.WaitForImdsCallsAsync(0, 5);
        Assert.Single(world.Imds.GetApprovals());
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
