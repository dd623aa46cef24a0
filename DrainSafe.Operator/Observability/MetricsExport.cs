using Microsoft.Extensions.Hosting;
using Prometheus;

namespace DrainSafe.Operator.Observability;

/// <summary>
/// Feeds this host's <see cref="DrainSafeMetrics"/> into a Prometheus registry while the host runs (prometheus-net's meter
/// adapter; it publishes about once a second). Hosts that share a process and a registry add up their numbers.
/// </summary>
/// <param name="registry">The registry served on <c>/metrics</c>.</param>
/// <param name="metrics">The host's instruments.</param>
public sealed class MetricsExport(CollectorRegistry registry, DrainSafeMetrics metrics) : IHostedService, IDisposable
{
    private IDisposable? adapter;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter)
                || instrument.Meter.Name == DrainSafe.Operator.Sdk.Watch.RuntimeMetrics.MeterName,
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        adapter?.Dispose();
        adapter = null;
    }
}
