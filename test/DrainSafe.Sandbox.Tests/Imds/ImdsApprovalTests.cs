using System.Net;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

public sealed class ImdsApprovalTests
{
    [Fact]
    public async Task Approval_starts_the_event_for_every_listed_vm_and_repeating_it_is_200_again()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2", "vm3");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Freeze,
            Resources = ["vm1", "vm2"],
        });
        var before = new[] { await world.GetIncarnationAsync("vm1"), await world.GetIncarnationAsync("vm2"), await world.GetIncarnationAsync("vm3") };

        using var first = await world.ApproveAsync("vm1", eventId.ToLowerInvariant());
        using var again = await world.ApproveAsync("vm2", eventId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        foreach (var (vmName, incarnationBefore) in new[] { ("vm1", before[0]), ("vm2", before[1]) })
        {
            var document = await world.GetDocumentAsync(vmName);
            var scheduledEvent = document.GetProperty("Events")[0];
            Assert.Equal("Started", scheduledEvent.GetProperty("EventStatus").GetString());
            Assert.Equal("", scheduledEvent.GetProperty("NotBefore").GetString());
            Assert.NotEqual(incarnationBefore, document.GetProperty("DocumentIncarnation").GetInt64());
        }

        Assert.Equal(before[2], await world.GetIncarnationAsync("vm3"));
        Assert.Equal(
            [
                new ImdsApproval(eventId, "vm1", ImdsTestWorld.Epoch, StartedTheEvent: true),
                new ImdsApproval(eventId, "vm2", ImdsTestWorld.Epoch, StartedTheEvent: false),
            ],
            world.Simulator.GetApprovals());
    }

    [Fact]
    public async Task Several_events_can_be_approved_in_one_request()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var freeze = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });
        var other = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });

        using var response = await world.ApproveAsync("vm1", freeze, other);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(world.Simulator.GetDocument("vm1").Events, e => Assert.Equal(ImdsEventStatus.Started, e.EventStatus));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"StartRequests":[]}""")]
    [InlineData("""{"StartRequests":{"EventId":"x"}}""")]
    [InlineData("""{"StartRequests":[{}]}""")]
    [InlineData("""{"StartRequests":[{"EventId":5}]}""")]
    [InlineData("""{"StartRequests":[{"EventId":""}]}""")]
    [InlineData("""{"StartRequests":["C7061BAC-AFDC-4513-B24B-AA5F13A16123"]}""")]
    public async Task A_malformed_approval_gets_400_and_starts_nothing(string body)
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventId = "C7061BAC-AFDC-4513-B24B-AA5F13A16123",
            EventType = ImdsEventTypes.Reboot,
            Resources = ["vm1"],
        });

        using var response = await world.PostAsync("vm1", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ImdsEventStatus.Scheduled, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
        Assert.Empty(world.Simulator.GetApprovals());
    }

    // Azure documents 200 only for a valid EventId and 400 for a bad request; an id the VM does not see is not valid.
    [Fact]
    public async Task Approving_an_unknown_event_gets_400_and_the_whole_request_is_refused()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });

        using var unknown = await world.ApproveAsync("vm1", Guid.NewGuid().ToString());
        using var mixed = await world.ApproveAsync("vm1", eventId, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Equal(ImdsEventStatus.Scheduled, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
        Assert.Empty(world.Simulator.GetApprovals());
    }

    [Fact]
    public async Task A_vm_cannot_approve_an_event_it_does_not_see()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });

        using var response = await world.ApproveAsync("vm2", eventId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ImdsEventStatus.Scheduled, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
    }

    [Fact]
    public async Task Approving_an_event_that_already_left_the_list_gets_400()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"], StartedAlready = true });
        world.Clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await world.ApproveAsync("vm1", eventId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
