using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Sandbox.World.Disruption;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>API server trouble (5xx, 409 storms, dropped and expired watches) does not stop a maintenance or double an eviction.</summary>
public sealed class ApiFaultTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Server_errors_conflicts_and_dropped_watches_delay_the_maintenance_but_it_completes_with_each_pod_evicted_once()
    {
        await world.DeployAsync("web", replicas: 6, graceSeconds: 20, pdbMaxUnavailable: "1");
        var allowed = new ConcurrentDictionary<string, int>();
        world.Cluster.Evictions.Observed += o =>
        {
            if (o.Outcome == EvictionOutcome.Allowed)
            {
                allowed.AddOrUpdate(o.PodName, 1, (_, n) => n + 1);
            }
        };
        var node = world.RunningPods("web").GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == node);
        await world.StartOperatorAsync();

        var faults = world.Cluster.Server.Faults;
        faults.FailNext(6, 500, "PATCH");
        faults.FailNext(6, 409, "PUT", "/status");
        faults.FailNext(4, 500, "POST", "/eviction");
        faults.ExpireNextWatch();
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index);
        world.WriteEvents(index, reboot);
        using var stop = new CancellationTokenSource();
        var dropping = Task.Run(async () =>
        {
            for (var i = 0; i < 6 && !stop.IsCancellationRequested; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                faults.DropAllWatches();
            }
        });

        await world.WaitForStateAsync(index, MaintenanceState.NodeDrained, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await dropping;
        world.WriteEvents(index);
        await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned, TimeSpan.FromSeconds(60));

        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
        Assert.NotEmpty(allowed);
        Assert.All(allowed, a => Assert.True(a.Value == 1, $"{a.Key} evicted {a.Value} times"));
        Assert.True(faults.CountRequests(r => r.StatusCode >= 500) > 0, "faults were served");
    }
}
