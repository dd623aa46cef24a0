using System.Collections.Concurrent;
using DrainSafe.Entities;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>
/// Makes the concurrency limit exact although reconciles run in parallel on a cache that lags: admissions (leaving
/// MaintenanceScheduled for NodeCordoning) are decided one at a time, and a node admitted counts as cordoned until the
/// cache shows it so.
/// </summary>
public sealed class CordonAdmissions
{
    private static readonly TimeSpan Forget = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> admitted = new(StringComparer.Ordinal);

    /// <summary>Waits for the right to decide an admission; dispose the result to release it.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IDisposable> DecideAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    /// <summary>Records that <paramref name="nodeName"/> was admitted at <paramref name="now"/>.</summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="now">The time.</param>
    public void Admit(string nodeName, DateTimeOffset now) => admitted[nodeName] = now;

    /// <summary>The peers with admitted nodes counted as cordoning, forgetting admissions the cache has caught up with.</summary>
    /// <param name="peers">The peers as the cache has them.</param>
    /// <param name="now">The time.</param>
    public IReadOnlyList<PeerMaintenance> Overlay(IReadOnlyList<PeerMaintenance> peers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(peers);
        if (admitted.IsEmpty)
        {
            return peers;
        }

        var result = new List<PeerMaintenance>(peers.Count);
        foreach (var peer in peers)
        {
            if (admitted.TryGetValue(peer.NodeName, out var at))
            {
                if (peer.State is not (MaintenanceState.MaintenanceScheduled or null or MaintenanceState.NodeRunning or MaintenanceState.NodeUncordoned) || now - at > Forget)
                {
                    admitted.TryRemove(peer.NodeName, out _);
                }
                else
                {
                    result.Add(peer with { State = MaintenanceState.NodeCordoning });
                    continue;
                }
            }

            result.Add(peer);
        }

        return result;
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
