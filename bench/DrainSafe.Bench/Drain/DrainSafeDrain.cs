using System.Collections.Concurrent;
using System.Diagnostics;
using DrainSafe.Entities;
using DrainSafe.Operator.Hosting;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Watch;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Bench.Drain;

/// <summary>
/// One drain by the real operator host: once it leads and its informers have synced, the node's NodeMaintenance spec is
/// written as the agent writes it (a Reboot due in 10 minutes), and the states are timed from the store's own watch.
/// </summary>
internal static class DrainSafeDrain
{
    /// <summary>
    /// Everything not listed is DrainSafe's default (EvictionRetryDelay 2 s, EvictionParallelism 16, ApiQps 200 (burst 400), Workers 2,
    /// leader election 15 s/10 s/2 s). The health port is a free loopback port so runs never collide with anything.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "None",
        ["Operator:Health:Port"] = "0",
        ["Operator:Health:Host"] = "127.0.0.1",
        ["Operator:LeaderElection:LeaseNamespace"] = "default",
    };

    public static readonly TimeSpan Notice = TimeSpan.FromMinutes(10);

    public static async Task<DrainTiming> RunAsync(DrainWorld world, TimeSpan timeout)
    {
        using var host = OperatorHost.Create([], world.Cluster.Server.CreateClientConfiguration(), builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Logging.ClearProviders();
        });
        await host.StartAsync();
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.Services.GetRequiredService<ILeadership>().WaitForLeadershipAsync(ready.Token);
            await host.Services.GetRequiredService<ISharedInformer<NodeMaintenance>>().WaitForSyncAsync(ready.Token);
            await host.Services.GetRequiredService<ISharedInformer<V1Node>>().WaitForSyncAsync(ready.Token);
            await host.Services.GetRequiredService<ISharedInformer<V1PodDisruptionBudget>>().WaitForSyncAsync(ready.Token);

            var store = world.Cluster.Store;
            var firstSeen = new ConcurrentDictionary<MaintenanceState, long>();
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var watch = store.Watch<NodeMaintenance>();
            using var stop = new CancellationTokenSource();
            var recording = Task.Run(async () =>
            {
                await foreach (var change in watch.ReadAllAsync(stop.Token))
                {
                    if (change.Object?.Deserialize<NodeMaintenance>().Status?.State is { } state && firstSeen.TryAdd(state, Stopwatch.GetTimestamp())
                        && state == MaintenanceState.NodeDrained)
                    {
                        drained.TrySetResult();
                    }
                }
            });

            var node = store.Get<V1Node>(null, DrainWorld.Node)!;
            var written = Stopwatch.GetTimestamp();
            store.Create(new NodeMaintenance
            {
                ApiVersion = $"{NodeMaintenance.GroupName}/{NodeMaintenance.Version}",
                Kind = NodeMaintenance.KindName,
                Metadata = new V1ObjectMeta
                {
                    Name = DrainWorld.Node,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = DrainWorld.Node, Uid = node.Metadata.Uid }],
                },
                Spec = new NodeMaintenanceSpec
                {
                    NodeName = DrainWorld.Node,
                    VmName = DrainWorld.Vm,
                    DocumentIncarnation = 1,
                    Events = [ScheduledEvent.FromImds(Guid.NewGuid().ToString().ToUpperInvariant(), "Reboot", "Scheduled", [DrainWorld.Vm],
                        (DateTimeOffset.UtcNow + Notice).ToString("r", System.Globalization.CultureInfo.InvariantCulture), "bench", "Platform", -1)],
                },
            });
            try
            {
                await drained.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"DrainSafe did not drain {DrainWorld.Node} within {timeout}: states {string.Join(", ", firstSeen.Keys)}, {world.PodsOnNode().Count} pods left");
            }

            await stop.CancelAsync();
            await recording.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var left = world.PodsOnNode().Count;
            if (left != 0)
            {
                throw new InvalidOperationException($"DrainSafe reported {DrainWorld.Node} drained with {left} pods still on it");
            }

            var drainedAt = firstSeen[MaintenanceState.NodeDrained];
            return new DrainTiming(
                Stopwatch.GetElapsedTime(written, drainedAt),
                firstSeen.TryGetValue(MaintenanceState.NodeCordoned, out var cordoned) ? Stopwatch.GetElapsedTime(cordoned, drainedAt) : null);
        }
        finally
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
                // Stopping took too long; disposing ends it.
            }
        }
    }
}

/// <summary>How long one drain took.</summary>
/// <param name="Total">DrainSafe: from the spec written to NodeDrained; kubectl: the process, start to exit.</param>
/// <param name="FromCordoned">DrainSafe only: from the NodeCordoned state to NodeDrained.</param>
internal readonly record struct DrainTiming(TimeSpan Total, TimeSpan? FromCordoned);
