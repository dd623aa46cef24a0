using DrainSafe.Sandbox.Imds;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.World;

/// <summary>How to start a <see cref="SimulatedCluster"/>.</summary>
public sealed record SimulatedClusterOptions
{
    /// <summary>The clock of the API server, the world and the simulated Azure.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The API server's port on 127.0.0.1; 0 picks a free one.</summary>
    public int ApiServerPort { get; init; }

    /// <summary>Kubelet and controller timing (its <see cref="WorldOptions.Time"/> is replaced by <see cref="Time"/>).</summary>
    public WorldOptions World { get; init; } = new();

    /// <summary>The simulated IMDS' behaviour (rate limit, event durations).</summary>
    public ImdsOptions Imds { get; init; } = new();

    /// <summary>Also serve the simulated IMDS over HTTP (for agents); off by default.</summary>
    public bool ServeImds { get; init; }

    /// <summary>
    /// VMs per scale-set placement group: an event listing one VM of a group reaches every VM of the group, as on
    /// Azure. 0 puts every VM on its own.
    /// </summary>
    public int PlacementGroupSize { get; init; } = 100;

    /// <summary>Where the API server, the world and the IMDS log; null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
