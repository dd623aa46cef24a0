using System.Net;
using System.Text.Json;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

public sealed class ImdsFaultTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(410)]
    [InlineData(429)]
    public async Task A_status_burst_fails_the_next_calls_of_that_vm_then_it_answers_again(int statusCode)
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        world.Simulator.FailNextCalls(statusCode, calls: 2, vmName: "vm1");

        using var first = await world.GetAsync("vm1");
        using var otherVm = await world.GetAsync("vm2");
        using var second = await world.GetAsync("vm1");
        using var third = await world.GetAsync("vm1");

        Assert.Equal(statusCode, (int)first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherVm.StatusCode);
        Assert.Equal(statusCode, (int)second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_global_burst_fails_the_next_calls_whichever_vm_makes_them()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        world.Simulator.FailNextCalls(500, calls: 2);

        using var first = await world.GetAsync("vm1");
        using var second = await world.GetAsync("vm2");
        using var third = await world.GetAsync("vm1");

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_status_burst_also_fails_an_approval_which_then_changes_nothing()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });
        world.Simulator.FailNextCalls(500, calls: 1, vmName: "vm1");

        using var failed = await world.ApproveAsync("vm1", eventId);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(ImdsEventStatus.Scheduled, world.Simulator.GetDocument("vm1").Events[0].EventStatus);

        using var retried = await world.ApproveAsync("vm1", eventId);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(ImdsEventStatus.Started, world.Simulator.GetDocument("vm1").Events[0].EventStatus);
    }

    [Fact]
    public async Task Only_documents_answered_as_they_are_count_as_served()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });
        Assert.Equal((0, null), (world.Simulator.GetVmStats("vm1").DocumentsServed, world.Simulator.GetVmStats("vm1").LastDocumentServedAt));
        world.Simulator.FailNextCalls(503, calls: 1, vmName: "vm1");
        world.Simulator.ServeTruncatedBodies(calls: 1, vmName: "vm1");

        Assert.Equal(2, world.Simulator.GetVmStats("vm1").PendingFaultCalls);
        using var failed = await world.GetAsync("vm1");
        using var truncated = await world.GetAsync("vm1");
        Assert.Equal((0, 0), (world.Simulator.GetVmStats("vm1").DocumentsServed, world.Simulator.GetVmStats("vm1").PendingFaultCalls));
        using var whole = await world.GetAsync("vm1");

        var stats = world.Simulator.GetVmStats("vm1");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK), (failed.StatusCode, truncated.StatusCode, whole.StatusCode));
        Assert.Equal(1, stats.DocumentsServed);
        Assert.NotNull(stats.LastDocumentServedAt);
        Assert.Equal(3, stats.Requests);
    }

    [Fact]
    public async Task An_empty_body_fault_answers_200_with_nothing_then_the_document_again()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });
        world.Simulator.ServeEmptyBodies(calls: 1, vmName: "vm1");

        using var empty = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("", await empty.Content.ReadAsStringAsync());

        Assert.Equal(1, (await world.GetDocumentAsync("vm1")).GetProperty("Events").GetArrayLength());
    }

    [Fact]
    public async Task A_truncated_body_fault_answers_the_documents_json_cut_in_the_middle()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });
        using var whole = await world.GetAsync("vm1");
        var wholeBody = await whole.Content.ReadAsStringAsync();
        world.Simulator.ServeTruncatedBodies(calls: 1);

        using var truncated = await world.GetAsync("vm1");
        var truncatedBody = await truncated.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        Assert.NotEmpty(truncatedBody);
        Assert.True(truncatedBody.Length < wholeBody.Length);
        Assert.StartsWith(truncatedBody, wholeBody, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncatedBody));
        Assert.Equal(wholeBody, await (await world.GetAsync("vm1")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_faults_wait_for_a_document_read_and_leave_other_calls_alone()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ServeEmptyBodies(calls: 1, vmName: "vm1");

        using var name = await world.GetAsync("vm1", "metadata/instance/compute/name?api-version=2021-02-01&format=text");
        using var document = await world.GetAsync("vm1");

        Assert.Equal("vm1", await name.Content.ReadAsStringAsync());
        Assert.Equal("", await document.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_event_type_is_served_verbatim_and_runs_its_lifecycle_without_impact()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var eventId = world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = "LiveMigrate",
            Resources = ["vm1"],
            Notice = TimeSpan.FromMinutes(5),
        });

        var scheduledEvent = (await world.GetDocumentAsync("vm1")).GetProperty("Events")[0];
        Assert.Equal("LiveMigrate", scheduledEvent.GetProperty("EventType").GetString());

        using var approval = await world.ApproveAsync("vm1", eventId);
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        Assert.Equal("Started", (await world.GetDocumentAsync("vm1")).GetProperty("Events")[0].GetProperty("EventStatus").GetString());
        Assert.Empty(world.Impacts.Lines);
    }

    [Fact]
    public async Task Added_latency_holds_the_answer_until_that_much_time_has_passed()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.SetLatency(TimeSpan.FromSeconds(3), "vm1");

        var pending = world.GetAsync("vm1");
        await ImdsTestWorld.WaitUntilAsync(() => world.Simulator.GetVmStats("vm1").WaitingRequests == 1, "the request to wait");

        world.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, world.Simulator.GetVmStats("vm1").WaitingRequests);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        world.Simulator.SetLatency(TimeSpan.Zero, "vm1");
        using var fast = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
    }

    [Fact]
    public async Task The_first_call_after_a_warm_up_fault_is_slow_and_later_calls_are_not()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.WarmUpOnNextCall(TimeSpan.FromMinutes(2), "vm1");

        var first = world.GetAsync("vm1");
        await ImdsTestWorld.WaitUntilAsync(() => world.Simulator.GetVmStats("vm1").WaitingRequests == 1, "the first call to wait");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var duringWarmUp = world.GetAsync("vm1");
        await ImdsTestWorld.WaitUntilAsync(() => world.Simulator.GetVmStats("vm1").WaitingRequests == 2, "the second call to wait");
        Assert.False(first.IsCompleted);

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        using var firstResponse = await first;
        using var duringResponse = await duringWarmUp;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duringResponse.StatusCode);

        using var warm = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
    }

    [Fact]
    public async Task The_configured_warm_up_slows_each_vms_first_call()
    {
        await using var world = await ImdsTestWorld.StartAsync(new ImdsOptions { RequestsPerWindow = 0, WarmUp = TimeSpan.FromSeconds(30) }, "vm1");

        var first = world.GetAsync("vm1");
        await ImdsTestWorld.WaitUntilAsync(() => world.Simulator.GetVmStats("vm1").WaitingRequests == 1, "the first call to wait");
        world.Clock.Advance(TimeSpan.FromSeconds(30));

        using var response = await first;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var second = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Clearing_faults_restores_normal_answers()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.FailNextCalls(500, calls: 10, vmName: "vm1");
        world.Simulator.FailNextCalls(410, calls: 10);
        world.Simulator.ServeTruncatedBodies(calls: 10);

        world.Simulator.ClearFaults();

        using var response = await world.GetAsync("vm1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stopped_imds_drops_connections_until_it_answers_again_and_its_events_go_on()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        world.Simulator.StopAnswering("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });

        await Assert.ThrowsAsync<HttpRequestException>(() => world.GetAsync("vm1"));
        using var other = await world.GetAsync("vm2");
        world.Simulator.ResumeAnswering("vm1");
        using var back = await world.GetAsync("vm1");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Single(JsonDocument.Parse(await back.Content.ReadAsStringAsync()).RootElement.GetProperty("Events").EnumerateArray());
    }

    [Fact]
    public async Task A_restart_starts_the_incarnation_over_at_one_keeping_the_events_and_later_changes_count_from_there()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        var kept = world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });
        Assert.Equal(3, world.Simulator.GetDocument("vm1").DocumentIncarnation);

        world.Simulator.RestartIncarnation("vm1");
        var restarted = world.Simulator.GetDocument("vm1");
        using var served = await world.GetAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Freeze, Resources = ["vm1"] });

        Assert.Equal(1, restarted.DocumentIncarnation);
        Assert.Equal(2, restarted.Events.Count);
        Assert.Equal(kept, restarted.Events[0].EventId);
        Assert.Equal(1, JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement.GetProperty("DocumentIncarnation").GetInt64());
        Assert.Equal(2, world.Simulator.GetDocument("vm1").DocumentIncarnation);
    }

    [Fact]
    public async Task A_given_body_replaces_the_next_document_reads_then_the_document_is_served_again()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ServeBodies("<html>502</html>", 1, "vm1");

        using var given = await world.GetAsync("vm1");
        using var next = await world.GetAsync("vm1");

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal("<html>502</html>", await given.Content.ReadAsStringAsync());
        Assert.Equal(1, JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("DocumentIncarnation").GetInt64());
    }
}
