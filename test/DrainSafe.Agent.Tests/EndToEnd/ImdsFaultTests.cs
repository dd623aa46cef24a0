using System.Net;
using System.Net.Sockets;
using DrainSafe.Agent.Maintenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>IMDS misbehaves: the agent backs off, keeps the last good document, waits for a slow start, never crashes.</summary>
public sealed class ImdsFaultTests : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Bursts_of_429_and_500_are_backed_off_and_the_agent_recovers()
    {
        var agent = await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");

        world.Imds.FailNextCalls(429, 4, AgentWorld.Vm(0));
        world.Imds.FailNextCalls(500, 4, AgentWorld.Vm(0));
        world.Imds.FailNextCalls(410, 1, AgentWorld.Vm(0));
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));

        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec after the burst");
        var metrics = await AgentWorld.MetricsAsync(agent);
        Assert.Contains("drainsafe_agent_imds_errors_total{code=\"429\"} 4", metrics, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_imds_errors_total{code=\"500\"} 4", metrics, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_imds_errors_total{code=\"410\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(world.Logs.Lines, l => l.Contains("IMDS answers node", StringComparison.Ordinal) && l.Contains("after 9 failed calls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Empty_and_truncated_documents_leave_the_spec_unchanged()
    {
        var agent = await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        await world.WaitForImdsCallsAsync(0, 3);
        var faults = world.Cluster.Server.Faults;
        faults.ClearRequests();

        world.Imds.ServeEmptyBodies(3, AgentWorld.Vm(0));
        world.Imds.ServeTruncatedBodies(3, AgentWorld.Vm(0));
        await world.WaitForImdsCallsAsync(0, 8);

        Assert.Equal(0, faults.WriteCount);
        Assert.True(AgentWorld.Lists(world.Maintenance()!, eventId));
        Assert.Contains("drainsafe_agent_imds_errors_total{code=\"malformed\"} 6", await AgentWorld.MetricsAsync(agent), StringComparison.Ordinal);
        Assert.Single(world.Logs.Lines, l => l.Contains("unusable scheduled events document", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_first_call_is_waited_for_with_the_longer_first_call_timeout()
    {
        world.Imds.WarmUpOnNextCall(TimeSpan.FromSeconds(3), AgentWorld.Vm(0));
        var options = world.OptionsFor(0);
        options.ImdsRequestTimeout = TimeSpan.FromSeconds(1);
        options.ImdsFirstCallTimeout = TimeSpan.FromSeconds(15);
        var agent = await world.StartAgentAsync(options);

        var nm = await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance after the warm-up");

        Assert.Equal(AgentWorld.Vm(0), nm.Spec.VmName);
        Assert.DoesNotContain("code=\"timeout\"", await AgentWorld.MetricsAsync(agent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_failing_at_start_keeps_the_agent_trying_and_not_ready_until_it_answers()
    {
        world.Imds.FailNextCalls(503, 1000, AgentWorld.Vm(0));
        var agent = await world.StartAgentAsync();

        await world.WaitForImdsCallsAsync(0, 4);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await AgentWorld.GetStatusAsync(agent, "readyz"));
        Assert.Equal(HttpStatusCode.OK, await AgentWorld.GetStatusAsync(agent, "healthz"));
        Assert.Null(world.Maintenance());
        Assert.False(Worker(agent).ExecuteTask!.IsCompleted);

        world.Imds.ClearFaults(AgentWorld.Vm(0));

        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance once IMDS answers");
        await Eventually.HoldsAsync(async () => await AgentWorld.GetStatusAsync(agent, "readyz") == HttpStatusCode.OK, "/readyz answers 200", world.Diagnostics);
    }

    [Fact]
    public async Task Unreachable_imds_does_not_crash_the_agent_and_it_is_not_ready()
    {
        var options = world.OptionsFor(0);
        options.ImdsBaseUrl = $"http://127.0.0.1:{ClosedPort()}/";
        var agent = await world.StartAgentAsync(options);

        await Eventually.HoldsAsync(async () => (await AgentWorld.MetricsAsync(agent)).Contains("drainsafe_agent_imds_errors_total{code=\"unreachable\"} 3", StringComparison.Ordinal),
            "three connection failures are counted", world.Diagnostics);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await AgentWorld.GetStatusAsync(agent, "readyz"));
        Assert.Equal(HttpStatusCode.OK, await AgentWorld.GetStatusAsync(agent, "healthz"));
        Assert.False(Worker(agent).ExecuteTask!.IsCompleted);
    }

    private static NodeAgent Worker(IHost host) => host.Services.GetServices<IHostedService>().OfType<NodeAgent>().Single();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
