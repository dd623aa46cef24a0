using DrainSafe.Entities;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>The real operator takes nodes through the maintenance lifecycle in the sandbox.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_reboot_takes_the_node_through_every_state_and_never_breaks_the_budget()
    {
        await world.DeployAsync("web", replicas: 6, graceSeconds: 10, pdbMaxUnavailable: "1");
        var violations = new List<string>();
        world.Cluster.Evictions.Observed += o =>
        {
            if (o.BrokeBudget)
            {
                lock (violations)
                {
                    violations.Add(o.ToString()!);
                }
            }
        };
        await world.StartOperatorAsync();
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0);
        world.WriteEvents(0, reboot);

        var drained = await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        Assert.DoesNotContain(world.PodsOn(OperatorWorld.Node(0)), p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet") != true);
        await Eventually.HoldsAsync(() => world.Maintenance(0)?.Status?.ApprovableEventIds.Contains(reboot.EventId) == true,
            "the event approvable", () => world.Describe(0));
        Assert.True(drained.Status!.CordonedByDrainSafe);
        Assert.True(world.NodeObject(0).Spec.Unschedulable);
        Assert.True(world.NodeObject(0).Metadata.Annotations.ContainsKey(DrainSafeAnnotations.MaintenanceOwner));

        world.WriteEvents(0, OperatorWorld.Started(reboot));
        await world.WaitForStateAsync(0, MaintenanceState.MaintenanceStarted);
        world.WriteEvents(0);
        await world.WaitForStateAsync(0, MaintenanceState.NodeUncordoned);

        MaintenanceState[] expected =
        [
            MaintenanceState.NodeRunning, MaintenanceState.MaintenanceScheduled, MaintenanceState.NodeCordoning, MaintenanceState.NodeCordoned,
            MaintenanceState.NodeDraining, MaintenanceState.NodeDrained, MaintenanceState.MaintenanceStarted, MaintenanceState.NodeRunning,
            MaintenanceState.NodeUncordoned,
        ];
        // The recorder reads its own watches: wait until they have delivered the last state, then compare the whole path.
        await Eventually.HoldsAsync(() => world.RecordedStates(0).LastOrDefault() == MaintenanceState.NodeUncordoned
                && world.RecordedAnnotations(0).LastOrDefault() == nameof(MaintenanceState.NodeUncordoned),
            "the recorder saw NodeUncordoned on the resource and the annotation", () => world.Describe(0));
        Assert.Equal(expected.Skip(1), world.RecordedStates(0).SkipWhile(s => s == MaintenanceState.NodeRunning));
        Assert.Equal(expected.Skip(1).Select(s => s.ToString()),
            world.RecordedAnnotations(0).SkipWhile(s => s == nameof(MaintenanceState.NodeRunning)));
        var node = world.NodeObject(0);
        Assert.NotEqual(true, node.Spec.Unschedulable);
        Assert.False(node.Metadata.Annotations.ContainsKey(DrainSafeAnnotations.MaintenanceOwner));
        Assert.False(world.Maintenance(0)!.Status!.CordonedByDrainSafe);
        Assert.Empty(violations);
        await Eventually.HoldsAsync(() => world.RunningPods("web").Count == 6, "all six replicas running again");
    }
}
