using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.Watch;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>The informers running in this process, for the health checks.</summary>
public sealed class WatchHeartbeatRegistry
{
    private readonly ConcurrentDictionary<IWatchHeartbeat, byte> running = new();

    /// <summary>The informers running now.</summary>
    public IReadOnlyCollection<IWatchHeartbeat> Running => running.Keys.ToList();

    /// <summary>Adds a running informer until the returned handle is disposed.</summary>
    /// <param name="heartbeat">The informer.</param>
    public IDisposable Register(IWatchHeartbeat heartbeat)
    {
        running.TryAdd(heartbeat, 0);
        return new Registration(this, heartbeat);
    }

    private sealed class Registration(WatchHeartbeatRegistry registry, IWatchHeartbeat heartbeat) : IDisposable
    {
        public void Dispose() => registry.running.TryRemove(heartbeat, out _);
    }
}
