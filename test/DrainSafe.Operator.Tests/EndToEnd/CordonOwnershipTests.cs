using System.Text.Json.Nodes;
using DrainSafe.Entities;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>DrainSafe uncordons only what it cordoned, and does not fight over a node someone else uncordons.</summary>
public sealed class CordonOwnershipTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 3);
        await world.StartOperatorAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_node_cordoned_by_an_admin_before_the_event_is_still_cordoned_after_it()
    {
        await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(1));
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 1);
        world.WriteEvents(1, reboot);
        var drained = await world.WaitForStateAsync(1, MaintenanceState.NodeDrained);
        Assert.False(drained.Status!.CordonedByDrainSafe);
        Assert.False(world.NodeObject(1).Metadata.Annotations?.ContainsKey(DrainSafeAnnotations.MaintenanceOwner) ?? false);

        world.WriteEvents(1);
        await world.WaitForStateAsync(1, MaintenanceState.NodeUncordoned);
        Assert.True(world.NodeObject(1).Spec.Unschedulable);
        await world.ExpectEventAsync("CordonKept", e => e.InvolvedObject.Name == OperatorWorld.Node(1));
    }

    [Fact]
    public async Task A_manual_cordon_after_the_maintenance_is_never_undone()
    {
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 2);
        world.WriteEvents(2, reboot);
        await world.WaitForStateAsync(2, MaintenanceState.NodeDrained);
        world.WriteEvents(2);
        await world.WaitForStateAsync(2, MaintenanceState.NodeUncordoned);
        Assert.NotEqual(true, world.NodeObject(2).Spec.Unschedulable);

        await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(2));
        // A later spec change makes the operator reconcile the node again; the admin's cordon must survive it.
        world.WriteEvents(2, OperatorWorld.Event("Freeze", TimeSpan.FromMinutes(10), 2));
        await Eventually.HoldsAsync(() => world.Maintenance(2)!.Metadata.Generation == world.Maintenance(2)!.Status?.ObservedGeneration || world.Maintenance(2)!.Status?.State == MaintenanceState.NodeUncordoned,
            "the operator saw the change");
        await world.StartOperatorAsync(start: false); // a second, idle host must not change anything either
        Assert.True(world.NodeObject(2).Spec.Unschedulable);
        Assert.Equal(MaintenanceState.NodeUncordoned, world.Maintenance(2)!.Status!.State);
    }

    [Fact]
    public async Task A_node_uncordoned_by_an_admin_mid_drain_is_left_alone_until_the_event_ends()
    {
        await world.DeployAsync("stuck", replicas: 2, graceSeconds: 1, pdbMinAvailable: "2");
        var target = world.RunningPods("stuck")[0].Spec.NodeName;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == target);
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index);
        world.WriteEvents(index, reboot);
        await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.Drain?.BlockedBy.Count > 0, "the drain blocked", () => world.Describe(index));

        await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":false}}""", V1Patch.PatchType.MergePatch), target);
        var released = await Eventually.ReturnsAsync(_ => Task.FromResult(world.Maintenance(index) is { Status.YieldedEventIds.Count: > 0 } m ? m : null),
            "the operator yields", diagnostics: () => world.Describe(index));
        Assert.Contains(reboot.EventId, released.Status!.YieldedEventIds);
        Assert.False(released.Status.CordonedByDrainSafe);
        Assert.Empty(released.Status.ApprovableEventIds);
        await world.ExpectEventAsync("CordonReleased", e => e.InvolvedObject.Name == target);

        // No fight: the operator does not cordon the node again while the event lasts.
        var transitions = world.States[target].Count;
        world.WriteEvents(index, reboot with { Description = "still scheduled" });
        await Eventually.HoldsAsync(() => world.Maintenance(index)!.Status!.ObservedGeneration == world.Maintenance(index)!.Metadata.Generation, "the spec change reconciled");
        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
        Assert.Equal(transitions, world.States[target].Count);

        world.WriteEvents(index);
        await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned);
        await Eventually.HoldsAsync(() => world.Maintenance(index)!.Status!.YieldedEventIds.Count == 0, "the yielded event forgotten once gone");
    }
}

/// <summary>AKS node auto-repair's claim on a node wins over DrainSafe's uncordon.</summary>
public sealed class RemediatorTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 2);
        await world.StartOperatorAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_node_that_carries_the_aks_remediator_taint_stays_cordoned_after_the_maintenance()
    {
        world.WriteEvents(0, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0));
        var drained = await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        Assert.True(drained.Status!.CordonedByDrainSafe);
        var taint = """{"spec":{"taints":[{"key":"remediator.kubernetes.azure.com/unschedulable","effect":"NoSchedule"}]}}""";
        await world.Client.CoreV1.PatchNodeAsync(new V1Patch(taint, V1Patch.PatchType.MergePatch), OperatorWorld.Node(0));

        world.WriteEvents(0);
        await world.WaitForStateAsync(0, MaintenanceState.NodeUncordoned);
        var node = world.NodeObject(0);
        Assert.True(node.Spec.Unschedulable);
        Assert.False(node.Metadata.Annotations?.ContainsKey(DrainSafeAnnotations.MaintenanceOwner) ?? false);
        await world.ExpectEventAsync("CordonKept", e => e.InvolvedObject.Name == OperatorWorld.Node(0));
    }
}
