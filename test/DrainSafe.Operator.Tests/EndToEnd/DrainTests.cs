using System.Collections.Concurrent;
using System.Diagnostics;
using DrainSafe.Entities;
using DrainSafe.Sandbox.World.Disruption;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>The drain engine against PodDisruptionBudgets, deadlines and grace periods.</summary>
public sealed class DrainTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 3, graceScale: 0.01);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_budget_that_never_allows_a_disruption_is_named_retried_with_spacing_and_the_deadline_policy_applies()
    {
        await world.DeployAsync("stuck", replicas: 1, graceSeconds: 1, pdbMinAvailable: "1");
        var node = world.RunningPods("stuck")[0].Spec.NodeName;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == node);
        var refusals = new ConcurrentQueue<DateTimeOffset>();
        world.Cluster.Evictions.Observed += o =>
        {
            if (o.PodName.StartsWith("stuck", StringComparison.Ordinal) && o.Outcome == EvictionOutcome.BlockedByBudget)
            {
                refusals.Enqueue(o.At);
            }
        };
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:DeadlineMargin"] = "00:00:02" });
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromSeconds(8), index);
        world.WriteEvents(index, reboot);

        var blocked = await Eventually.ReturnsAsync(_ => Task.FromResult(world.Maintenance(index) is { Status.Drain.BlockedBy.Count: > 0 } m ? m : null),
            "status names the budget", diagnostics: () => world.Describe(index));
        Assert.Equal(["apps/stuck"], blocked.Status!.Drain!.BlockedBy);
        await Eventually.HoldsAsync(() => world.Events("EvictionBlocked").Any(e => e.Type == "Warning" && e.Message.Contains("apps/stuck", StringComparison.Ordinal)),
            "a Warning Event names the budget");

        // At the deadline (NotBefore - 2 s) the remaining pod is deleted, ignoring its budget.
        await world.WaitForStateAsync(index, MaintenanceState.NodeDrained, TimeSpan.FromSeconds(30));
        await world.ExpectEventAsync("DrainDeadlineExceeded", e => e.Type == "Warning");
        var times = refusals.ToArray();
        Assert.True(times.Length >= 2, $"retried: {times.Length} refusals");
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(50), $"retries are spaced, got {gap.TotalMilliseconds} ms"));
        Assert.True(times.Length < 60, $"no retry storm: {times.Length} refusals in ~6 s");

        world.WriteEvents(index);
        await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned);
        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
    }

    [Fact]
    public async Task With_a_budget_of_one_disruption_the_next_eviction_follows_the_replacement_not_a_retry_period()
    {
        // Put every replica on node 0: cordon the others while the Deployment comes up.
        foreach (var i in new[] { 1, 2 })
        {
            await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(i));
        }

        await world.DeployAsync("web", replicas: 4, graceSeconds: 1, pdbMaxUnavailable: "1");
        foreach (var i in new[] { 1, 2 })
        {
            await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":false}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(i));
        }

        // A retry period of a minute: only the budget watch can make this drain finish quickly.
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:EvictionRetryDelay"] = "00:01:00" });
        var clock = Stopwatch.StartNew();
        world.WriteEvents(0, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0));
        var drained = await world.WaitForStateAsync(0, MaintenanceState.NodeDrained, TimeSpan.FromSeconds(25));
        clock.Stop();
        Assert.Equal(4, drained.Status!.Drain!.EvictedPods);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"drained in {clock.Elapsed}");
        await Eventually.HoldsAsync(() => world.RunningPods("web").Count(p => p.Spec.NodeName != OperatorWorld.Node(0)) == 4, "the replicas run elsewhere");
    }
}

/// <summary>A spot preemption gives 30 s: grace periods are capped so that every pod is gone before NotBefore.</summary>
public sealed class PreemptionTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 2, graceScale: 0.05);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_preemption_with_30_seconds_notice_caps_60_second_grace_periods_and_every_pod_is_gone_before_not_before()
    {
        foreach (var i in new[] { 1 })
        {
            await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(i));
        }

        await world.DeployAsync("slow", replicas: 3, graceSeconds: 60);
        await world.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":false}}""", V1Patch.PatchType.MergePatch), OperatorWorld.Node(1));
        var graces = new ConcurrentBag<long>();
        var subscription = world.Store.Watch(world.Store.ResourceFor<V1Pod>());
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in subscription.ReadAllAsync(stop.Token))
                {
                    if (change.Object?.Deserialize<V1Pod>() is { Metadata.DeletionGracePeriodSeconds: { } grace })
                    {
                        graces.Add(grace);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await world.StartOperatorAsync();
        var preempt = OperatorWorld.Event("Preempt", TimeSpan.FromSeconds(30), 0);
        world.WriteEvents(0, preempt);
        await world.WaitForStateAsync(0, MaintenanceState.NodeDrained, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await watching;
        await subscription.DisposeAsync();

        Assert.True(DateTimeOffset.UtcNow < preempt.NotBefore, "drained before NotBefore");
        Assert.NotEmpty(graces);
        Assert.All(graces, g => Assert.InRange(g, 1, 25));
        Assert.DoesNotContain(world.PodsOn(OperatorWorld.Node(0)), p => p.Metadata.Labels?["app"] == "slow");
    }
}
