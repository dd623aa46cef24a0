using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Testing.Kubectl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>Running the operator: leadership, restarts, dry run, bad settings, metrics and Events.</summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Of_two_operators_only_the_leader_acts_and_the_other_takes_over_when_it_stops()
    {
        var first = await world.StartOperatorAsync();
        await Eventually.HoldsAsync(() => world.Store.List<k8s.Models.V1Lease>("default").Any(l => l.Spec?.HolderIdentity is { Length: > 0 }), "a leader");
        var second = await world.StartOperatorAsync();
        world.WriteEvents(0, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0));
        await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        var leases = world.Store.List<k8s.Models.V1Lease>("default");
        var holder = Assert.Single(leases).Spec.HolderIdentity;
        Assert.True(first.Services.GetRequiredService<ILeadership>().IsLeader);
        Assert.False(second.Services.GetRequiredService<ILeadership>().IsLeader);
        Assert.NotNull(holder);

        await first.StopAsync();
        await Eventually.HoldsAsync(() => second.Services.GetRequiredService<ILeadership>().IsLeader, "the second takes over", timeout: TimeSpan.FromSeconds(30));
        world.WriteEvents(0);
        await world.WaitForStateAsync(0, MaintenanceState.NodeUncordoned);
        Assert.NotEqual(true, world.NodeObject(0).Spec.Unschedulable);
    }

    [Fact]
    public async Task An_operator_stopped_mid_drain_and_started_again_finishes_without_evicting_a_pod_twice()
    {
        await world.DeployAsync("web", replicas: 6, graceSeconds: 30, pdbMaxUnavailable: "1");
        var evictions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        world.Cluster.Evictions.Observed += o =>
        {
            if (o.Outcome == DrainSafe.Sandbox.World.Disruption.EvictionOutcome.Allowed)
            {
                evictions.AddOrUpdate(o.Namespace + "/" + o.PodName, 1, (_, n) => n + 1);
            }
        };
        var node = world.RunningPods("web").GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
        var index = Enumerable.Range(0, 3).First(i => OperatorWorld.Node(i) == node);
        var first = await world.StartOperatorAsync();
        world.WriteEvents(index, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), index));
        await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.State == MaintenanceState.NodeDraining && !evictions.IsEmpty, "draining", () => world.Describe(index));
        await first.StopAsync();
        first.Dispose();

        await world.StartOperatorAsync();
        await world.WaitForStateAsync(index, MaintenanceState.NodeDrained);
        Assert.All(evictions, e => Assert.Equal(1, e.Value));
        world.WriteEvents(index);
        await world.WaitForStateAsync(index, MaintenanceState.NodeUncordoned);
        Assert.NotEqual(true, world.NodeObject(index).Spec.Unschedulable);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_and_says_what_it_would_have_done()
    {
        await world.DeployAsync("web", replicas: 3, graceSeconds: 5);
        await world.StartOperatorAsync(new Dictionary<string, string?> { ["DrainSafe:DryRun"] = "true" });
        var before = world.PodsOn(OperatorWorld.Node(1)).Select(p => p.Metadata.Uid).Order().ToList();
        world.WriteEvents(1, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 1));
        var drained = await world.WaitForStateAsync(1, MaintenanceState.NodeDrained);
        Assert.NotEqual(true, world.NodeObject(1).Spec.Unschedulable);
        Assert.False(world.NodeObject(1).Metadata.Annotations?.ContainsKey(DrainSafeAnnotations.MaintenanceState) ?? false);
        Assert.Equal(before, world.PodsOn(OperatorWorld.Node(1)).Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Uid).Order().ToList());
        Assert.Empty(drained.Status!.ApprovableEventIds);
        await world.ExpectEventAsync("DryRun", e => e.Message.Contains("Would cordon", StringComparison.Ordinal));
        await world.ExpectEventAsync("Drained", e => e.Message.Contains("would have evicted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DrainSafe:MaxConcurrentNodes", "lots", "DrainSafe:MaxConcurrentNodes")]
    [InlineData("DrainSafe:EvictionRetryDelay", "00:00:00", "DrainSafe:EvictionRetryDelay")]
    [InlineData("DrainSafe:DeadlinePolicy", "Explode", "DrainSafe:DeadlinePolicy")]
    public async Task A_bad_option_stops_the_operator_at_start_with_a_message_naming_it(string key, string value, string named)
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            using var host = world.CreateOperator(new Dictionary<string, string?> { [key] = value });
            await host.StartAsync();
        });
        Assert.NotNull(error);
        Assert.Contains(named.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_expose_the_named_instruments_and_events_show_in_kubectl()
    {
        var host = await world.StartOperatorAsync();
        world.WriteEvents(2, OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 2));
        await world.WaitForStateAsync(2, MaintenanceState.NodeDrained);
        var address = host.Services.GetRequiredService<HealthEndpointService>().Address!;
        world.Cluster.Server.Faults.DropAllWatches();
        using var http = new HttpClient();
        // The meter adapter publishes measurements about once a second.
        string[] names = ["drainsafe_operator_nodes{state=\"NodeDrained\"}", "drainsafe_operator_transitions{state=\"NodeDrained\"}",
            "drainsafe_operator_reconcile_duration_count", "drainsafe_operator_drain_duration_count", "drainsafe_operator_runtime_watch_restarts{"];
        var metrics = string.Empty;
        await Eventually.HoldsAsync(async () =>
        {
            metrics = await http.GetStringAsync(new Uri(address, "/metrics"));
            return names.All(n => metrics.Contains(n, StringComparison.Ordinal));
        }, "the named instruments in /metrics", () => metrics);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(address, "/readyz"))).StatusCode);

        if (KubectlRunner.IsAvailable)
        {
            var directory = Directory.CreateTempSubdirectory("drainsafe-kubectl-").FullName;
            var kubectl = new KubectlRunner(world.Cluster.Server.WriteKubeconfig(Path.Combine(directory, "kubeconfig")), directory);
            var events = await kubectl.RunOrThrowAsync("get", "events", "-A", "-o", "custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name");
            Assert.Contains("Cordoned", events, StringComparison.Ordinal);
            Assert.Contains("Drained", events, StringComparison.Ordinal);
            var table = await kubectl.RunOrThrowAsync("get", "nodemaintenances");
            Assert.Contains("NodeDrained", table, StringComparison.Ordinal);
        }
    }
}
