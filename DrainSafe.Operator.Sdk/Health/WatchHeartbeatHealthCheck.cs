using DrainSafe.Operator.Sdk.Builder;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>Liveness: unhealthy when a running watch has not heard from the API server within the stale limit.</summary>
public sealed class WatchHeartbeatHealthCheck : IHealthCheck
{
    private readonly WatchHeartbeatRegistry registry;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan staleAfter;

    /// <summary>Creates the check.</summary>
    /// <param name="registry">The running informers.</param>
    /// <param name="settings">The heartbeat window and stale limit.</param>
    /// <param name="timeProvider">The clock.</param>
    public WatchHeartbeatHealthCheck(WatchHeartbeatRegistry registry, IOptions<OperatorSettings> settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.registry = registry;
        this.timeProvider = timeProvider;
        staleAfter = settings.Value.Health.StaleAfter ?? (settings.Value.Informer.HeartbeatWindow * 2);
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var stale = registry.Running
            .Where(h => now - h.LastHeartbeat > staleAfter)
            .Select(h => $"{h.Resource}: silent for {now - h.LastHeartbeat:g}")
            .ToList();
        return Task.FromResult(stale.Count == 0
            ? HealthCheckResult.Healthy($"{registry.Running.Count} watches heard from the API server within {staleAfter:g}.")
            : HealthCheckResult.Unhealthy($"Stale watches (limit {staleAfter:g}): {string.Join("; ", stale)}"));
    }
}
