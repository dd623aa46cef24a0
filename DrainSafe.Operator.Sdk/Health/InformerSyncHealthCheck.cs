using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>Readiness: not ready while a running informer has not finished its first list. A follower is ready.</summary>
public sealed class InformerSyncHealthCheck : IHealthCheck
{
    private readonly WatchHeartbeatRegistry registry;

    /// <summary>Creates the check.</summary>
    /// <param name="registry">The running informers.</param>
    public InformerSyncHealthCheck(WatchHeartbeatRegistry registry) => this.registry = registry;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = registry.Running.Where(h => !h.HasSynced).Select(h => h.Resource).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("Every running informer has synced.")
            : HealthCheckResult.Unhealthy($"Waiting for the first list of: {string.Join(", ", waiting)}"));
    }
}
