using System.Net;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

public sealed class ImdsLifecycleTests
{
    [Fact]
    public async Task Passing_NotBefore_starts_the_event_without_approval()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });

        var scheduled = (await world.GetDocumentAsync("vm1")).GetProperty("Events")[0];
        Assert.Equal("Scheduled", scheduled.GetProperty("EventStatus").GetString());
        Assert.Equal("Sat, 11 Apr 2026 22:15:00 GMT", scheduled.GetProperty("NotBefore").GetString());

        world.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(ImdsEventStatus.Scheduled, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
        Assert.Empty(world.Impacts.Lines);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var started = world.Simulator.GetDocument("vm1").Events[0];
        Assert.Equal(ImdsEventStatus.Started, started.EventStatus);
        Assert.Null(started.NotBefore);
        Assert.Equal(["started vm1 Reboot"], world.Impacts.Lines);
    }

    [Fact]
    public async Task A_reboot_takes_the_vm_down_brings_it_back_and_the_event_leaves_after_its_duration()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Reboot,
            Resources = ["vm1"],
            Notice = TimeSpan.FromMinutes(1),
            DurationInSeconds = 30,
        });

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(world.Simulator.GetVmStats("vm1").IsDown);
        await Assert.ThrowsAsync<HttpRequestException>(() => world.GetAsync("vm1"));

        world.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["started vm1 Reboot", "ended vm1"], world.Impacts.Lines);
        var stillStarted = (await world.GetDocumentAsync("vm1")).GetProperty("Events")[0];
        Assert.Equal("Started", stillStarted.GetProperty("EventStatus").GetString());
        Assert.Equal(30, stillStarted.GetProperty("DurationInSeconds").GetInt32());

        world.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, (await world.GetDocumentAsync("vm1")).GetProperty("Events").GetArrayLength());
        Assert.Empty(world.Simulator.GetEvents());
    }

    [Fact]
    public async Task Approval_of_a_reboot_takes_the_listed_vms_down_at_once()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1", "vm2"] });

        using var response = await world.ApproveAsync("vm1", eventId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["started vm1 Reboot", "started vm2 Reboot"], world.Impacts.Lines.Order());
        Assert.True(world.Simulator.GetVmStats("vm2").IsDown);
    }

    [Fact]
    public async Task Events_without_a_duration_leave_after_the_default_duration()
    {
        await using var world = await ImdsTestWorld.StartAsync(new ImdsOptions { RequestsPerWindow = 0, DefaultEventDuration = TimeSpan.FromSeconds(20) }, "vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"], StartedAlready = true });

        world.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Single(world.Simulator.GetDocument("vm1").Events);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(world.Simulator.GetDocument("vm1").Events);
    }

    [Fact]
    public async Task Cancellation_removes_a_scheduled_event_but_not_a_started_one()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var cancelled = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });
        var incarnation = await world.GetIncarnationAsync("vm1");

        Assert.True(world.Simulator.CancelEvent(cancelled.ToLowerInvariant()));

        var document = await world.GetDocumentAsync("vm1");
        Assert.Equal(0, document.GetProperty("Events").GetArrayLength());
        Assert.NotEqual(incarnation, document.GetProperty("DocumentIncarnation").GetInt64());
        Assert.False(world.Simulator.CancelEvent(cancelled));

        var started = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"], StartedAlready = true });
        Assert.False(world.Simulator.CancelEvent(started));
        Assert.Single(world.Simulator.GetDocument("vm1").Events);

        // The cancelled event's NotBefore passing does nothing.
        world.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Empty(world.Impacts.Lines);
    }

    [Fact]
    public async Task A_hardware_failure_appears_directly_as_Started()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Reboot,
            Resources = ["vm1"],
            StartedAlready = true,
            Description = "Virtual machine is being restarted because of a hardware failure.",
        });

        var scheduledEvent = world.Simulator.GetDocument("vm1").Events[0];
        Assert.Equal(ImdsEventStatus.Started, scheduledEvent.EventStatus);
        Assert.Null(scheduledEvent.NotBefore);
        Assert.Equal(["started vm1 Reboot"], world.Impacts.Lines);
    }

    [Fact]
    public async Task A_hardware_failure_serves_an_empty_NotBefore_once_the_vm_is_back()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Reboot,
            Resources = ["vm1"],
            StartedAlready = true,
            Duration = TimeSpan.FromMinutes(10),
            ImpactDuration = TimeSpan.FromSeconds(5),
        });
        world.Clock.Advance(TimeSpan.FromSeconds(5));

        var scheduledEvent = (await world.GetDocumentAsync("vm1")).GetProperty("Events")[0];

        Assert.Equal("Started", scheduledEvent.GetProperty("EventStatus").GetString());
        Assert.Equal("", scheduledEvent.GetProperty("NotBefore").GetString());
    }

    [Fact]
    public async Task A_preempted_vm_is_deleted_and_its_imds_is_gone()
    {
        await using var world = await ImdsTestWorld.StartAsync("spot1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Preempt,
            Resources = ["spot1"],
            ImpactDuration = TimeSpan.FromSeconds(5),
        });
        Assert.Equal("Sat, 11 Apr 2026 22:00:30 GMT", (await world.GetDocumentAsync("spot1")).GetProperty("Events")[0].GetProperty("NotBefore").GetString());

        world.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["started spot1 Preempt"], world.Impacts.Lines);

        world.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["started spot1 Preempt", "deleted spot1"], world.Impacts.Lines);
        Assert.DoesNotContain("spot1", world.Simulator.VmNames);
        using var response = await world.GetAsync("spot1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_impact_sink_may_call_back_into_the_simulator()
    {
        await using var world = await ImdsTestWorld.StartAsync("spot1");
        world.Impacts.WhenDeleted = deleted =>
        {
            // The scale set replaces the preempted VM, and the new VM is hit by a hardware failure at once.
            world.Simulator.AddVm("spot2");
            world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["spot2"], StartedAlready = true });
        };
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Preempt, Resources = ["spot1"], StartedAlready = true, ImpactDuration = TimeSpan.Zero });

        Assert.Equal(["started spot1 Preempt", "deleted spot1", "started spot2 Reboot"], world.Impacts.Lines);
        Assert.Equal(["spot2"], world.Simulator.VmNames);
    }

    [Fact]
    public async Task A_freeze_has_no_impact_on_the_vm()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"], DurationInSeconds = 5 });

        world.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(ImdsEventStatus.Started, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
        using var response = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        world.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(world.Simulator.GetDocument("vm1").Events);
        Assert.Empty(world.Impacts.Lines);
    }

    [Fact]
    public async Task An_event_for_a_placement_group_reaches_every_vm_of_it_without_listing_them()
    {
        await using var world = await ImdsTestWorld.StartAsync();
        world.Simulator.AddVm("vmss_0", placementGroup: "pg-a");
        world.Simulator.AddVm("vmss_1", placementGroup: "pg-a");
        world.Simulator.AddVm("other_0", placementGroup: "pg-b");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vmss_0"] });

        var neighbour = (await world.GetDocumentAsync("vmss_1")).GetProperty("Events");
        Assert.Equal(1, neighbour.GetArrayLength());
        Assert.Equal(eventId, neighbour[0].GetProperty("EventId").GetString());
        Assert.Equal(["vmss_0"], neighbour[0].GetProperty("Resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, (await world.GetDocumentAsync("other_0")).GetProperty("Events").GetArrayLength());

        // A neighbour may approve what it sees; only the listed VM is affected.
        using var approval = await world.ApproveAsync("vmss_1", eventId);
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        Assert.Equal(["started vmss_0 Reboot"], world.Impacts.Lines);
        Assert.Equal(ImdsEventStatus.Started, world.Simulator.GetDocument("vmss_1").Events[0].EventStatus);

        // A VM joining the group later sees the event too.
        world.Simulator.AddVm("vmss_2", placementGroup: "pg-a");
        Assert.Single(world.Simulator.GetDocument("vmss_2").Events);
    }

    [Fact]
    public async Task The_group_keeps_seeing_the_event_after_the_listed_vm_is_deleted()
    {
        await using var world = await ImdsTestWorld.StartAsync();
        world.Simulator.AddVm("vmss_0", placementGroup: "pg-a");
        world.Simulator.AddVm("vmss_1", placementGroup: "pg-a");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Terminate,
            Resources = ["vmss_0"],
            StartedAlready = true,
            ImpactDuration = TimeSpan.FromSeconds(5),
            Duration = TimeSpan.FromSeconds(60),
        });

        world.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["started vmss_0 Terminate", "deleted vmss_0"], world.Impacts.Lines);
        Assert.Single(world.Simulator.GetDocument("vmss_1").Events);

        world.Clock.Advance(TimeSpan.FromSeconds(55));
        Assert.Empty(world.Simulator.GetDocument("vmss_1").Events);
    }

    [Fact]
    public void Scheduling_rejects_a_spec_that_cannot_be_served()
    {
        using var simulator = new ImdsSimulator(TimeProvider.System);

        Assert.Throws<ArgumentException>(() => simulator.ScheduleEvent(new ScheduledEventSpec { EventType = "Reboot", Resources = [] }));
        Assert.Throws<ArgumentException>(() => simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = "Reboot",
            Resources = ["vm1"],
            Notice = TimeSpan.FromMinutes(1),
            NotBefore = DateTimeOffset.UtcNow,
        }));
        Assert.Throws<ArgumentException>(() => simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = "Reboot",
            Resources = ["vm1"],
            StartedAlready = true,
            Notice = TimeSpan.FromMinutes(1),
        }));
        var eventId = simulator.ScheduleEvent(new ScheduledEventSpec { EventType = "Reboot", Resources = ["vm1"] });
        Assert.Throws<InvalidOperationException>(() => simulator.ScheduleEvent(new ScheduledEventSpec { EventType = "Reboot", Resources = ["vm1"], EventId = eventId }));
    }
}
