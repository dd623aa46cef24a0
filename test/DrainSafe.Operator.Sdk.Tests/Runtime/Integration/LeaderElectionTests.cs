using System.Net;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class LeaderElectionTests
{
    private const string LeaseName = "widget-operator";

    private static Action<OperatorSettings> Elected(string identity) => settings =>
    {
        settings.LeaderElection.Enabled = true;
        settings.LeaderElection.Identity = identity;
        settings.LeaderElection.LeaseName = LeaseName;
        settings.LeaderElection.LeaseNamespace = "default";
        // Short enough for a test of seconds, with room for a loaded machine (GC pauses, a starved core): a renewal may be 6 s late.
        settings.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(8);
        settings.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(6);
        settings.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(200);
    };

    private static async Task TakeOverLeaseAsync(IKubernetes client, string intruder)
    {
        // The leader renews concurrently: retry the conditional write until it lands.
        await Eventually.HoldsAsync(
            async () =>
            {
                var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, "default");
                lease.Spec.HolderIdentity = intruder;
                lease.Spec.RenewTime = DateTime.UtcNow;
                lease.Spec.AcquireTime = DateTime.UtcNow;
                try
                {
                    await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaseName, "default");
                    return true;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    return false;
                }
            },
            "the intruder takes the Lease");
    }

    [Fact]
    public async Task Only_the_leader_reconciles_and_a_leader_that_loses_the_Lease_stops_while_the_follower_takes_over()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var a = await WidgetOperator.StartAsync(cluster, Elected("op-a"));
        await using var b = await WidgetOperator.StartAsync(cluster, Elected("op-b"));
        string Diagnostics() => $"A:\n{a.Diagnostics}\nB:\n{b.Diagnostics}";

        await Eventually.HoldsAsync(() => a.Get<ILeadership>().IsLeader || b.Get<ILeadership>().IsLeader, "one instance leads", Diagnostics);
        var (leader, follower) = a.Get<ILeadership>().IsLeader ? (a, b) : (b, a);
        foreach (var name in new[] { "w1", "w2", "w3" })
        {
            await cluster.CreateAsync(name);
        }

        await Eventually.HoldsAsync(
            () => new[] { "w1", "w2", "w3" }.All(n => leader.Log.Count(WidgetCall.Reconcile, n) >= 1), "the leader reconciles every widget", Diagnostics);
        Assert.Empty(follower.Log.Calls);
        Assert.False(follower.Get<ILeadership>().IsLeader);

        await TakeOverLeaseAsync(cluster.Client, "intruder");

        await Eventually.HoldsAsync(() => leader.Loss.Losses == 1, "the old leader's loss action runs", Diagnostics);
        Assert.False(leader.Get<ILeadership>().IsLeader);
        // The intruder never renews: after its lease duration the follower takes over.
        await Eventually.HoldsAsync(() => follower.Get<ILeadership>().IsLeader, "the follower leads", Diagnostics);
        await cluster.CreateAsync("w4");
        await Eventually.HoldsAsync(() => follower.Log.Count(WidgetCall.Reconcile, "w4") >= 1, "the new leader reconciles w4", Diagnostics);
        Assert.Equal(0, leader.Log.Count(WidgetCall.Reconcile, "w4"));
        Assert.Equal(0, follower.Loss.Losses);
    }

    [Fact]
    public async Task A_leader_that_shuts_down_releases_the_Lease_for_the_follower()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var a = await WidgetOperator.StartAsync(cluster, Elected("op-a"));
        await Eventually.HoldsAsync(() => a.Get<ILeadership>().IsLeader, "A leads", () => a.Diagnostics);
        await using var b = await WidgetOperator.StartAsync(cluster, Elected("op-b"));

        await a.DisposeAsync();

        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, "default");
        Assert.True(string.IsNullOrEmpty(lease.Spec.HolderIdentity), $"the Lease is still held by {lease.Spec.HolderIdentity}");
        await Eventually.HoldsAsync(() => b.Get<ILeadership>().IsLeader, "B leads", () => b.Diagnostics);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => b.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "B reconciles", () => b.Diagnostics);
        Assert.Equal(0, a.Loss.Losses);
    }

    // EntityControllerService's "Watching and reconciling" and "Stopped reconciling".
    private const int ControllerStarted = 2101;
    private const int ControllerStopped = 2102;

    [Fact]
    public async Task A_leader_that_loses_the_Lease_stops_its_controller_and_empties_its_informer()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var a = await WidgetOperator.StartAsync(cluster, Elected("op-a"));
        await Eventually.HoldsAsync(() => a.Get<ILeadership>().IsLeader, "A leads", () => a.Diagnostics);
        await cluster.CreateAsync("w1");
        var widgets = a.Get<ISharedInformer<Widget>>();
        await Eventually.HoldsAsync(() => a.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "A reconciles w1", () => a.Diagnostics);
        Assert.True(widgets.HasSynced);
        Assert.Equal(1, widgets.Cache.Count);
        Assert.Equal(1, a.Logs.CountOf(ControllerStarted));
        Assert.Equal(0, a.Logs.CountOf(ControllerStopped));

        await TakeOverLeaseAsync(cluster.Client, "intruder");

        await Eventually.HoldsAsync(() => a.Loss.Losses == 1, "A's loss action runs", () => a.Diagnostics);
        await Eventually.HoldsAsync(() => a.Logs.CountOf(ControllerStopped) == 1, "A's controller reports that it stopped", () => a.Diagnostics);
        await Eventually.HoldsAsync(() => !widgets.HasSynced && widgets.Cache.Count == 0, "A's informer drops its cache", () => a.Diagnostics);
        Assert.Equal(1, a.Logs.CountOf(ControllerStarted));
    }

    [Fact]
    public async Task A_controller_reports_its_term_starting_and_stopping_with_the_host()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var a = await WidgetOperator.StartAsync(cluster);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => a.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "A reconciles w1", () => a.Diagnostics);
        Assert.Equal(1, a.Logs.CountOf(ControllerStarted));
        Assert.Equal(0, a.Logs.CountOf(ControllerStopped));

        await a.DisposeAsync();

        Assert.Equal(1, a.Logs.CountOf(ControllerStarted));
        Assert.Equal(1, a.Logs.CountOf(ControllerStopped));
    }
}
