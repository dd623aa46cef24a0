using DrainSafe.Sandbox.Api.Eviction;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.Api;

/// <summary>How the sandbox API server listens, keeps history and behaves.</summary>
public sealed record SandboxApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The clock for timestamps, bookmarks, watch timeouts and injected latency.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often open watches that allow bookmarks receive a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Events kept per resource for watches that resume from a resourceVersion.</summary>
    public int WatchHistoryPerResource { get; init; } = 10_000;

    /// <summary>Events that may queue up for one watcher before it counts as too slow and is closed.</summary>
    public int WatchQueueCapacity { get; init; } = 10_000;

    /// <summary>
    /// False: a deleted pod without finalizers disappears at once. True: a pod bound to a node gets
    /// deletionTimestamp + deletionGracePeriodSeconds, and the simulated kubelet removes it.
    /// </summary>
    public bool GracefulPodDeletion { get; init; }

    /// <summary>Decides <c>pods/eviction</c> requests; null allows every eviction.</summary>
    public IEvictionPolicy? EvictionPolicy { get; init; }

    /// <summary>Where the server logs; null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The Kubernetes version reported by <c>/version</c>.</summary>
    public string KubernetesVersion { get; init; } = "v1.32.4";
}
