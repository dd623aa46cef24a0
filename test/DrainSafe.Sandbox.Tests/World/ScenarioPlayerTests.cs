using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Scenarios;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class ScenarioPlayerTests
{
    private static readonly WorldOptions FastWorld = new() { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = 0.01 };

    [Fact]
    public async Task Hardware_failure_kills_the_pods_of_the_failed_host_and_keeps_the_admin_cordon()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });
        var changes = new List<NodeChange>();
        var player = new ScenarioPlayer(cluster, ScenarioLoader.Load("hardware-failure"), new() { TimeScale = 0.25 });
        player.NodeChanged += changes.Add;

        var report = await player.PlayAsync();

        var history = Assert.Single(report.Histories);
        Assert.Equal("pool1-vmss000001", history.NodeName);
        Assert.True(history.AppearedStarted);
        Assert.Equal(2, history.PodsKilled);
        Assert.NotNull(history.BackInServiceAt);
        Assert.False(report.TimedOut);
        Assert.Empty(report.Unsettled);
        Assert.True(report.Succeeded);
        Assert.Contains(report.Expectations, e => e.Name.Contains("cordoned at the end: pool1-vmss000000") && e.Outcome == ExpectationOutcome.Held);
        Assert.Contains(changes, c => c.Node.Name == "pool1-vmss000001" && c.Happened.Contains("2 pods killed"));
        Assert.True(cluster.Store.Get(BuiltInResources.Nodes, null, "pool1-vmss000000")!.Deserialize<V1Node>().Spec.Unschedulable);
    }

    [Fact]
    public async Task An_event_for_a_VM_of_another_cluster_reaches_the_nodes_of_its_placement_group_through_IMDS()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });
        var scenario = ScenarioLoader.Parse("""
            name: neighbour
            timeout: 60s
            cluster:
              pools:
                - { name: pool1, nodes: 2 }
              externalVms:
                - { name: other-cluster-vm-0, sharesPlacementGroupWith: pool1-vmss000000 }
            timeline:
              - { at: 0s, id: neighbour-host, event: Freeze, vms: [other-cluster-vm-0], notice: 4s, duration: 1s }
            expect:
              noPodsOnNodesUnderMaintenance: false
            """, "neighbour.yaml");
        var seenByNode = false;
        var player = new ScenarioPlayer(cluster, scenario, new() { TimeScale = 0.25 });

        var play = player.PlayAsync();
        await Eventually.HoldsAsync(() => cluster.Imds.VmNames.Contains("other-cluster-vm-0") &&
            (seenByNode |= cluster.Imds.GetDocument("pool1-vmss_0").Events.Any(e => e.Resources.Contains("other-cluster-vm-0"))),
            "the node of the shared placement group sees the neighbour's event");
        var report = await play;

        Assert.Null(cluster.Store.Get(BuiltInResources.Nodes, null, "other-cluster-vm-0"));
        Assert.False(report.TimedOut);
        Assert.True(seenByNode);
    }

    [Fact]
    public async Task Cancelled_event_is_withdrawn_without_impact_and_approval_expectations_wait_for_DrainSafe()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });

        var report = await new ScenarioPlayer(cluster, ScenarioLoader.Load("cancellation"), new() { TimeScale = 0.25 }).PlayAsync();

        var history = Assert.Single(report.Histories);
        Assert.True(history.Cancelled);
        Assert.Null(history.Impact);
        var approval = Assert.Single(report.Expectations, e => e.Name.StartsWith("events never approved", StringComparison.Ordinal));
        Assert.Equal(ExpectationOutcome.NotEvaluated, approval.Outcome);
        Assert.Contains("DrainSafe was not running", approval.Reason);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public async Task With_DrainSafe_expected_to_run_an_undrained_preemption_fails_its_expectations_with_reasons()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });

        var report = await new ScenarioPlayer(cluster, ScenarioLoader.Load("spot-preemption"),
            new() { TimeScale = 0.1, DrainSafeRunning = true }).PlayAsync();

        Assert.False(report.Succeeded);
        var undrained = Assert.Single(report.Expectations, e => e.Name.StartsWith("no evictable pod", StringComparison.Ordinal));
        Assert.Equal(ExpectationOutcome.Failed, undrained.Outcome);
        Assert.Contains("spot-vmss000001 when preempt started", undrained.Reason);
        var approved = Assert.Single(report.Expectations, e => e.Name.StartsWith("events approved", StringComparison.Ordinal));
        Assert.Equal(ExpectationOutcome.Failed, approved.Outcome);
        Assert.Equal("never approved: preempt", approved.Reason);
        var history = Assert.Single(report.Histories);
        Assert.NotNull(history.DeletedAt);
        Assert.Null(cluster.Store.Get(BuiltInResources.Nodes, null, "spot-vmss000001"));
    }

    [Fact]
    public async Task A_node_expected_cordoned_at_the_end_that_is_not_fails_naming_it()
    {
        var scenario = ScenarioLoader.Parse("""
            name: expect-cordon
            description: expects a cordon nobody makes
            cluster:
              pools: [{ name: pool1, nodes: 2, maxPods: 10 }]
              workloads: [{ kind: BarePod, name: solo, node: pool1-vmss000001 }]
            timeline:
              - { at: 0s, id: freeze, event: Freeze, vms: [pool1-vmss_1], notice: 1s, duration: 1s }
            expect:
              cordonedAtEnd: [pool1-vmss000001]
              noPodsOnNodesUnderMaintenance: false
            """, "test");
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });

        var report = await new ScenarioPlayer(cluster, scenario).PlayAsync();

        var cordon = Assert.Single(report.Expectations, e => e.Name.Contains("cordoned at the end"));
        Assert.Equal(ExpectationOutcome.Failed, cordon.Outcome);
        Assert.Equal("no longer cordoned: pool1-vmss000001", cordon.Reason);
        Assert.Null(Assert.Single(report.Histories).Impact);
    }

    [Fact]
    public async Task A_scenario_disruption_controller_delay_switches_the_world_fault_on_in_scenario_time()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });
        var scenario = ScenarioLoader.Parse("""
            name: busy-control-plane
            timeout: 60s
            cluster:
              pools:
                - { name: pool1, nodes: 1 }
              disruptionControllerDelay: 40s
            timeline:
              - { at: 0s, id: host, event: Freeze, vms: [pool1-vmss_0], notice: 1s, duration: 1s }
            expect:
              noPodsOnNodesUnderMaintenance: false
            """, "busy.yaml");

        await new ClusterBuilder(cluster, scenario, new() { TimeScale = 0.25 }).BuildAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), cluster.World.Faults.DisruptionControllerDelay);
    }

    [Fact]
    public async Task More_nodes_and_a_load_per_node_resize_the_scenario_cluster()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new() { World = FastWorld });

        var report = await new ScenarioPlayer(cluster, ScenarioLoader.Load("hardware-failure"),
            new() { TimeScale = 0.25, NodesPerPool = 5, PodsPerNode = 3 }).PlayAsync();

        Assert.True(report.Succeeded);
        Assert.Equal(5, cluster.Store.List(BuiltInResources.Nodes).Items.Count);
        var load = cluster.Store.List(BuiltInResources.Pods, new ListOptions { Namespace = ClusterBuilder.LoadNamespace }).Items
            .Select(p => p.Deserialize<V1Pod>()).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        Assert.Equal(15, load.Count(p => p.Status.Phase == "Running"));
    }
}
