using System.Diagnostics.Metrics;
using DrainSafe.Agent.Metrics;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class PrometheusTextExporterTests
{
    [Fact]
    public void Counters_are_written_in_prometheus_text_with_their_labels()
    {
        using var meters = new TestMeterFactory();
        var metrics = new AgentMetrics(meters);
        using var exporter = new PrometheusTextExporter(metrics);

        metrics.Poll();
        metrics.Poll();
        metrics.ImdsError("429");
        metrics.EventSeen("Reboot");

        var text = exporter.Render();
        Assert.Contains("# TYPE drainsafe_agent_imds_polls_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_imds_polls_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_imds_errors_total{code=\"429\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_events_seen_total{event_type=\"Reboot\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_approvals_total 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_agents_in_one_process_keep_their_own_numbers()
    {
        using var meters1 = new TestMeterFactory();
        using var meters2 = new TestMeterFactory();
        var first = new AgentMetrics(meters1);
        var second = new AgentMetrics(meters2);
        using var exporter1 = new PrometheusTextExporter(first);
        using var exporter2 = new PrometheusTextExporter(second);

        first.Poll();

        Assert.Contains("drainsafe_agent_imds_polls_total 1\n", exporter1.Render(), StringComparison.Ordinal);
        Assert.Contains("drainsafe_agent_imds_polls_total 0\n", exporter2.Render(), StringComparison.Ordinal);
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in meters)
            {
                meter.Dispose();
            }
        }
    }
}
