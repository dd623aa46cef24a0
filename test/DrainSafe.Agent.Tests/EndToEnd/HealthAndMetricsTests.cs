using System.Net;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>/healthz, /readyz and /metrics of a running agent.</summary>
public sealed class HealthAndMetricsTests : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync(nodes: 1);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_working_agent_is_ready_and_counts_polls_events_approvals_and_writes()
    {
        var agent = await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        world.MarkApprovable(0, eventId);
        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId) && AgentWorld.Lists(m, eventId, ScheduledEventStatus.Started),
            "the approved event is recorded and Started");

        await Eventually.HoldsAsync(async () => await AgentWorld.GetStatusAsync(agent, "readyz") == HttpStatusCode.OK, "/readyz answers 200", world.Diagnostics);
        Assert.Equal(HttpStatusCode.OK, await AgentWorld.GetStatusAsync(agent, "healthz"));
        var metrics = await AgentWorld.MetricsAsync(agent);
        Assert.Matches(@"drainsafe_agent_imds_polls_total [1-9]\d*\n", metrics);
        Assert.Contains("drainsafe_agent_events_seen_total{event_type=\"Reboot\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_approvals_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_api_writes_total{kind=\"create\",outcome=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_api_writes_total{kind=\"status\",outcome=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Matches("drainsafe_agent_api_writes_total\\{kind=\"spec\",outcome=\"ok\"\\} [1-9]", metrics);
    }

    [Fact]
    public async Task An_agent_whose_api_server_is_unreachable_is_not_ready()
    {
        var options = world.OptionsFor(0);
        using var logs = Microsoft.Extensions.Logging.LoggerFactory.Create(_ => { });
        var host = AgentHost.Create(options, new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1/" }, logs);
        await host.StartAsync();
        try
        {
            await world.WaitForImdsCallsAsync(0, 3);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await AgentWorld.GetStatusAsync(host, "readyz"));
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
