using System.Diagnostics.Metrics;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>The runtime's own instruments (meter <see cref="MeterName"/>), for hosts to export with theirs.</summary>
public static class RuntimeMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DrainSafe.Operator.Runtime";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> WatchRestarts = Meter.CreateCounter<long>(
        "watch_restarts", description: "Watches started again, by resource and why: ended (server timeout or dropped), expired (410, relist), stalled (no heartbeat), failed.");

    /// <summary>A watch of <paramref name="resource"/> is started again because of <paramref name="reason"/>.</summary>
    /// <param name="resource">The resource, e.g. <c>nodes</c>.</param>
    /// <param name="reason">ended, expired, stalled or failed.</param>
    public static void WatchRestarted(string resource, string reason) =>
        WatchRestarts.Add(1, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("reason", reason));
}
