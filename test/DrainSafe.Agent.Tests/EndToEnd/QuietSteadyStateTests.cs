using DrainSafe.Entities;
using Xunit.Abstractions;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>The agent polls IMDS every interval but writes only when something changed.</summary>
public sealed class QuietSteadyStateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync(nodes: 1);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_hundred_polls_of_an_unchanged_document_with_a_pending_event_write_nothing_and_read_their_own_object_at_most_once_a_poll()
    {
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        await world.WaitForImdsCallsAsync(0, 3); // Settled: the write of the event is done and answered.
        var faults = world.Cluster.Server.Faults;
        faults.ClearRequests();

        await world.WaitForImdsCallsAsync(0, 100);

        var requests = faults.Requests;
        output.WriteLine($"API server requests during 100 polls: {requests.Count} ({string.Join("; ", requests)}); open watches: {world.Store.OpenWatchCount}");
        Assert.Equal(0, faults.WriteCount);
        Assert.Equal(1, world.Store.OpenWatchCountOf(world.Store.ResourceFor<NodeMaintenance>()));
        Assert.All(requests.Where(r => !r.IsWatch), r => Assert.Equal("GET", r.Method));
        // At most one read per poll (a few polls more may run while the requests are read), only while the event waits for approval.
        Assert.InRange(requests.Count(r => !r.IsWatch), 1, 110);
        Assert.All(requests.Where(r => !r.IsWatch), r => Assert.EndsWith("/" + AgentWorld.Node(0), r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hundred_polls_with_no_event_make_no_api_server_request_beyond_the_watch()
    {
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(m => m.Spec.Events.Count == 0, "the NodeMaintenance exists");
        await world.WaitForImdsCallsAsync(0, 3);
        var faults = world.Cluster.Server.Faults;
        faults.ClearRequests();

        await world.WaitForImdsCallsAsync(0, 100);

        var requests = faults.Requests;
        Assert.Equal(1, world.Store.OpenWatchCountOf(world.Store.ResourceFor<NodeMaintenance>()));
        Assert.DoesNotContain(requests, r => !r.IsWatch);
    }

    [Fact]
    public async Task Failed_api_server_writes_are_retried_until_the_spec_is_written()
    {
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");
        var faults = world.Cluster.Server.Faults;
        faults.FailNext(2, 500, "PATCH");
        faults.FailNext(1, 409, "PATCH");
        faults.ClearRequests();

        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));

        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec after the failed writes");
        Assert.Equal([500, 500, 409, 200], faults.Requests.Where(r => r.Method == "PATCH").Select(r => r.StatusCode));
    }
}
