using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World.Disruption;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// A pod blocked by its PDB is deleted and re-created by its StatefulSet under the same name on another node while
/// the drain still has the old one in view: the drain's eviction carries the old pod's UID, so the new pod is never
/// evicted.
/// </summary>
public sealed class RecreatedPodTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_pod_recreated_under_the_same_name_on_another_node_during_the_429_loop_is_not_evicted()
    {
        world.Store.Create(BuiltInResources.StatefulSets, WorkloadManifests.StatefulSet(OperatorWorld.Apps, "db", replicas: 2, gracePeriodSeconds: 10));
        world.Store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb(OperatorWorld.Apps, "db", "db", minAvailable: "2", maxUnavailable: null));
        await Eventually.HoldsAsync(() => world.RunningPods("db").Count == 2, "db-0 and db-1 run");
        var old = world.RunningPods("db").Single(p => p.Metadata.Name == "db-0");
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == old.Spec.NodeName);
        var observations = new List<EvictionObservation>();
        world.Cluster.Evictions.Observed += o =>
        {
            lock (observations)
            {
                observations.Add(o);
            }
        };
        await world.StartOperatorAsync();

        world.WriteEvents(index, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index));
        await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.Drain?.BlockedBy.Count > 0, "the drain of db-0 blocked by its budget (429)",
            () => world.Describe(index));

        // The operator's view of the pods freezes (its pod watches dropped and every pod read failing) while the pod of
        // that name is replaced elsewhere and the budget would now allow an eviction of it.
        var faults = world.Cluster.Server.Faults;
        faults.FailNext(100_000, 500, "GET", "/pods");
        faults.DropAllWatches();
        world.Store.Delete(BuiltInResources.Pods, OperatorWorld.Apps, "db-0", new Sandbox.Api.Store.DeleteOptions { GracePeriodSeconds = 0 });
        var replacement = await Eventually.ReturnsAsync(
            _ => Task.FromResult(world.RunningPods("db").FirstOrDefault(p => p.Metadata.Name == "db-0" && p.Metadata.Uid != old.Metadata.Uid)),
            "db-0 re-created by its StatefulSet and running");
        Assert.NotEqual(old.Spec.NodeName, replacement.Spec.NodeName);
        world.Store.Patch<V1PodDisruptionBudget>(OperatorWorld.Apps, "db", V1Patch.PatchType.MergePatch, """{"spec":{"minAvailable":1}}""");

        // The first eviction of that name that the budget no longer stops (the budget's status may lag the patch a little).
        var attempt = await Eventually.ReturnsAsync(_ =>
        {
            lock (observations)
            {
                return Task.FromResult(observations.FirstOrDefault(o => o.PodName == "db-0" && o.NodeName == replacement.Spec.NodeName
                    && o.Outcome is not (EvictionOutcome.BlockedByBudget or EvictionOutcome.BudgetNotObserved)));
            }
        }, "the drain's next eviction of db-0 gets past the budget");
        faults.Reset();
        await world.WaitForStateAsync(index, MaintenanceState.NodeDrained, TimeSpan.FromSeconds(30));

        Assert.NotEqual(EvictionOutcome.Allowed, attempt.Outcome);
        Assert.Contains("Precondition failed", attempt.Message, StringComparison.Ordinal);
        var current = world.Store.Get<V1Pod>(OperatorWorld.Apps, "db-0")!;
        Assert.Equal(replacement.Metadata.Uid, current.Metadata.Uid);
        Assert.Null(current.Metadata.DeletionTimestamp);
        lock (observations)
        {
            Assert.DoesNotContain(observations, o => o.Outcome == EvictionOutcome.Allowed && o.NodeName != old.Spec.NodeName);
        }
    }
}
