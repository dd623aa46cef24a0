using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// 5 % of every request to the API server (reads, writes, watches, leases; the operator's and the agents') failing with
/// 500 at random, watches dropped every few seconds and one compaction (410 for every resumed watch): every maintenance
/// completes, and no pod is evicted twice. The real operator and a real agent per node, events from the simulated IMDS.
/// </summary>
public sealed class RandomServerErrorTests : IAsyncLifetime
{
    private const int Seed = 20261206;
    private OperatorWorld world = null!;
    private InvariantMonitor monitor = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 4, serveImds: true);
        monitor = new InvariantMonitor(world, 4);
    }

    public async Task DisposeAsync()
    {
        await monitor.DisposeAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task Five_percent_of_all_requests_failing_dropped_watches_and_a_410_still_complete_every_maintenance_evicting_each_pod_once()
    {
        await world.DeployAsync("web", replicas: 8, graceSeconds: 20, pdbMaxUnavailable: "1");
        await world.DeployAsync("api", replicas: 4, graceSeconds: 10, pdbMinAvailable: "3");
        await world.StartOperatorAsync();
        await world.StartAgentsAsync(TimeSpan.FromMilliseconds(200));
        await Eventually.HoldsAsync(() => Enumerable.Range(0, 4).All(i => world.Maintenance(i) is not null), "every agent has created its NodeMaintenance");
        monitor.Start();
        var faults = world.Cluster.Server.Faults;
        faults.FailRandomly(0.05, 500, Seed);
        using var stop = new CancellationTokenSource();
        var dropping = Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (round == 2)
                {
                    // Compaction: every watch resuming from before now gets 410 Expired and must list again.
                    faults.ExpireWatchesBefore(world.Store.List(BuiltInResources.Nodes).ResourceVersion);
                }

                faults.DropAllWatches();
            }
        });

        var pairEvent = Schedule(ImdsEventTypes.Reboot, 0, 1);
        var single = Schedule(ImdsEventTypes.Redeploy, 2);
        await Eventually.HoldsAsync(() => world.Cluster.Imds.GetApprovals().Any(a => a.EventId == single), "node 2 drained and its event approved",
            () => world.Describe(2), TimeSpan.FromSeconds(60));
        var last = Schedule(ImdsEventTypes.Reboot, 3);

        await Eventually.HoldsAsync(() => world.Cluster.Imds.GetEvents().Count == 0, "every event over", () => string.Join("\n", Enumerable.Range(0, 4).Select(world.Describe)),
            TimeSpan.FromSeconds(90));
        foreach (var index in Enumerable.Range(0, 4))
        {
            await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned, TimeSpan.FromSeconds(60));
        }

        await stop.CancelAsync();
        await dropping;
        var approved = world.Cluster.Imds.GetApprovals().Select(a => a.EventId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(new HashSet<string>([pairEvent, single, last], StringComparer.OrdinalIgnoreCase), approved);
        Assert.All(Enumerable.Range(0, 4), i => Assert.NotEqual(true, world.NodeObject(i).Spec.Unschedulable));
        Assert.True(monitor.Evictions > 0, "pods were evicted");
        Assert.True(faults.RandomFailuresServed > 20, $"{faults.RandomFailuresServed} requests failed at random");
        Assert.Empty(monitor.Violations);
    }

    private string Schedule(string type, params int[] vms)
    {
        var id = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var resources = vms.Select(OperatorWorld.Vm).ToList();
        monitor.Announced(id, type, resources);
        world.Cluster.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventId = id,
            EventType = type,
            Resources = resources,
            Notice = TimeSpan.FromMinutes(10),
            Duration = TimeSpan.FromSeconds(3),
            ImpactDuration = TimeSpan.FromSeconds(1),
        });
        return id;
    }
}
