using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Watch;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary><c>AddInformer</c>: one informer per type through DI, its selector and transform, and its cache gated by leadership.</summary>
[Collection(RuntimeSandboxCollection.Name)]
public sealed class SharedInformerTests
{
    private const string Slimmed = "test.drainsafe.azure.com/slimmed";

    private static V1Pod Slim(V1Pod pod)
    {
        pod.Metadata.Labels = null;
        pod.Metadata.Annotations = new Dictionary<string, string> { [Slimmed] = "true" };
        return pod;
    }

    [Fact]
    public async Task One_informer_per_type_is_shared_through_DI_and_caches_only_the_selected_pods_transformed()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.Client.CreatePodAsync("a-1", "node-a");
        await cluster.Client.CreatePodAsync("b-1", "node-b");
        await using var op = await WidgetOperator.StartAsync(
            cluster, register: runtime => runtime.AddInformer<V1Pod>(EntitySelector.Field("spec.nodeName", "node-a"), Slim));

        var informer = op.Get<ISharedInformer<V1Pod>>();
        Assert.Same(informer, op.Get<ISharedInformer<V1Pod>>());
        Assert.Same(informer, op.Get<SharedInformer<V1Pod>>());
        await cluster.Client.CreatePodAsync("a-2", "node-a");
        await cluster.Client.CreatePodAsync("b-2", "node-b");

        await Eventually.HoldsAsync(() => informer.HasSynced && informer.Cache.Count == 2, "the informer caches node-a's two pods", () => op.Diagnostics);
        // b-2 was created after a-2: once a-2 is cached, a watch that ignored the selector would have delivered b-2 too.
        var cached = informer.Cache.Snapshot();
        Assert.Equal(["a-1", "a-2"], cached.Select(p => p.Metadata.Name).Order());
        Assert.All(cached, p =>
        {
            Assert.Null(p.Metadata.Labels);
            Assert.Equal("true", p.Metadata.Annotations[Slimmed]);
        });
    }

    [Fact]
    public void A_second_AddInformer_of_the_same_type_is_refused()
    {
        var builder = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddKubernetesOperator().AddInformer<V1Node>();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddInformer<V1Node>());
        Assert.Contains("V1Node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follower_caches_nothing_while_the_leader_caches_every_node()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.Client.CreateNodeAsync("node-a");
        Action<OperatorSettings> Elected(string identity) => settings =>
        {
            settings.LeaderElection.Enabled = true;
            settings.LeaderElection.Identity = identity;
            settings.LeaderElection.LeaseName = "widget-informers";
            settings.LeaderElection.LeaseNamespace = "default";
            settings.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(8);
            settings.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(6);
            settings.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(200);
        };
        await using var a = await WidgetOperator.StartAsync(cluster, Elected("op-a"), runtime => runtime.AddInformer<V1Node>());
        await using var b = await WidgetOperator.StartAsync(cluster, Elected("op-b"), runtime => runtime.AddInformer<V1Node>());
        string Diagnostics() => $"A:\n{a.Diagnostics}\nB:\n{b.Diagnostics}";
        await Eventually.HoldsAsync(() => a.Get<ILeadership>().IsLeader || b.Get<ILeadership>().IsLeader, "one instance leads", Diagnostics);
        var (leader, follower) = a.Get<ILeadership>().IsLeader ? (a, b) : (b, a);

        await cluster.Client.CreateNodeAsync("node-b");

        var leaderNodes = leader.Get<ISharedInformer<V1Node>>();
        await Eventually.HoldsAsync(() => leaderNodes.HasSynced && leaderNodes.Cache.Count == 2, "the leader caches both nodes", Diagnostics);
        var followerNodes = follower.Get<ISharedInformer<V1Node>>();
        Assert.False(follower.Get<ILeadership>().IsLeader);
        Assert.False(followerNodes.HasSynced);
        Assert.Equal(0, followerNodes.Cache.Count);
    }
}
