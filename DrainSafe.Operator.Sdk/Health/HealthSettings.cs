using Microsoft.AspNetCore.Routing;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>The probe endpoint: <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness) over HTTP.</summary>
public sealed class HealthSettings
{
    /// <summary>The port to listen on; 0 picks a free port; null serves no endpoint. Default 8081.</summary>
    public int? Port { get; set; } = 8081;

    /// <summary>The address to bind. Default <c>0.0.0.0</c> (all interfaces, for the kubelet).</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>
    /// Liveness fails when a running watch has not heard from the server for this long (a silent watch is
    /// restarted every heartbeat window, and each restart counts, so this means the server is unreachable).
    /// Default: twice the informer heartbeat window.
    /// </summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>Adds endpoints next to the probes, e.g. <c>/metrics</c>.</summary>
    public Action<IEndpointRouteBuilder>? MapEndpoints { get; set; }
}
