using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World.Nodes;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class WorkloadControllerTests
{
    [Fact]
    public async Task Deleted_deployment_pod_is_replaced_under_a_new_name_and_the_old_one_terminates_within_its_scaled_grace()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 3, gracePeriodSeconds: 30));
        await world.AllRunningAsync("default", "web", 3);
        var victim = world.Pods("default", "web")[0].Metadata.Name;

        // The DELETE answers the pod as it was left: terminating, not yet gone (it is gone ~300 ms later).
        var terminating = await world.Client.CoreV1.DeleteNamespacedPodAsync(victim, "default");

        Assert.Equal(victim, terminating.Metadata.Name);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        await Eventually.HoldsAsync(() => world.Pods("default", "web").All(p => p.Metadata.Name != victim), "the deleted pod is gone");
        await world.AllRunningAsync("default", "web", 3);
        var deployment = await world.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(3, deployment.Status.ReadyReplicas);
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);
    }

    [Fact]
    public async Task StatefulSet_pod_comes_back_with_the_same_name_and_a_new_uid_after_the_old_one_is_gone()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.EnsureNamespace("db");
        world.Create(BuiltInResources.StatefulSets, WorkloadManifests.StatefulSet("db", "web", replicas: 3, gracePeriodSeconds: 30));
        await world.AllRunningAsync("db", "web", 3);
        Assert.Equal(["web-0", "web-1", "web-2"], world.Pods("db", "web").Select(p => p.Metadata.Name).Order());
        var oldUid = world.Pods("db", "web").Single(p => p.Metadata.Name == "web-0").Metadata.Uid;
        var seenUids = new HashSet<string>();

        await world.Client.CoreV1.DeleteNamespacedPodAsync("web-0", "db");

        await Eventually.HoldsAsync(() =>
        {
            var pods = world.Pods("db", "web").Where(p => p.Metadata.Name == "web-0").ToList();
            Assert.True(pods.Count <= 1);
            seenUids.UnionWith(pods.Select(p => p.Metadata.Uid));
            return pods.Count == 1 && pods[0].Metadata.Uid != oldUid && WorldFixture.IsRunningAndReady(pods[0]);
        }, "web-0 is back with a new uid");
        var statefulSet = await world.Client.AppsV1.ReadNamespacedStatefulSetAsync("web", "db");
        Assert.Equal(3, statefulSet.Status.ReadyReplicas);
        Assert.Equal("web-0", world.Pods("db", "web").Single(p => p.Metadata.Uid != oldUid && p.Metadata.Name == "web-0").Spec.Hostname);
    }

    [Fact]
    public async Task DaemonSet_runs_one_pod_on_every_node_including_cordoned_and_newly_added_ones()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 3);
        (await world.Kubectl.RunAsync("cordon", WorldFixture.Node(1))).EnsureSuccess();
        world.EnsureNamespace("monitoring");
        world.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet("monitoring", "node-exporter"));

        await world.AllRunningAsync("monitoring", "node-exporter", 3);
        Assert.Equal(
            [WorldFixture.Node(0), WorldFixture.Node(1), WorldFixture.Node(2)],
            world.Pods("monitoring", "node-exporter").Select(p => p.Spec.NodeName).Order());

        world.Cluster.AddNode(new NodeRequest(WorldFixture.Pool, 3, 30));

        await world.AllRunningAsync("monitoring", "node-exporter", 4);
        Assert.Contains(world.Pods("monitoring", "node-exporter"), p => p.Spec.NodeName == WorldFixture.Node(3));
        await Eventually.HoldsAsync(async () =>
            (await world.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-exporter", "monitoring")).Status.NumberReady == 4,
            "the DaemonSet status counts 4 ready pods");
    }

    [Fact]
    public async Task DaemonSet_replaces_a_deleted_pod_only_once_the_old_one_has_finished_terminating()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.EnsureNamespace("monitoring");
        world.Create(BuiltInResources.DaemonSets, WorkloadManifests.DaemonSet("monitoring", "node-exporter", gracePeriodSeconds: 100));
        await world.AllRunningAsync("monitoring", "node-exporter", 2);
        var victim = world.Pods("monitoring", "node-exporter").Single(p => p.Spec.NodeName == WorldFixture.Node(0));
        var existing = world.Pods("monitoring", "node-exporter").Select(p => p.Metadata.Name).ToHashSet();
        var events = new List<(WatchEventType Type, string Name)>();
        await using var watch = world.Store.Watch(BuiltInResources.Pods, new WatchOptions { Namespace = "monitoring" });
        var reading = Task.Run(async () =>
        {
            await foreach (var change in watch.ReadAllAsync())
            {
                if (change.Object is { } pod && change.Type is WatchEventType.Added or WatchEventType.Deleted)
                {
                    lock (events)
                    {
                        events.Add((change.Type, pod.Name));
                    }
                }
            }
        });

        await world.Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, "monitoring");

        await Eventually.HoldsAsync(() => world.Pods("monitoring", "node-exporter").All(p => p.Metadata.Uid != victim.Metadata.Uid), "the deleted pod is gone");
        await world.AllRunningAsync("monitoring", "node-exporter", 2);
        await watch.DisposeAsync();
        await reading;
        var deleted = events.FindIndex(e => e.Type == WatchEventType.Deleted && e.Name == victim.Metadata.Name);
        var replaced = events.FindIndex(e => e.Type == WatchEventType.Added && !existing.Contains(e.Name));
        Assert.True(deleted >= 0 && replaced > deleted, $"the replacement was created before the old pod was gone: {string.Join(", ", events)}");
    }

    [Fact]
    public async Task Kubectl_sees_the_workloads_as_on_a_real_cluster()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 2));
        await world.AllRunningAsync("default", "web", 2);
        await Eventually.HoldsAsync(async () =>
            (await world.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 2, "deployment available");

        var deployments = await world.Kubectl.RunOrThrowAsync("get", "deployments", "-n", "default");
        var nodes = await world.Kubectl.RunOrThrowAsync("get", "nodes");

        Assert.Matches(@"web\s+2/2\s+2\s+2", deployments);
        Assert.Matches(@"pool1-vmss000000\s+Ready", nodes);
    }
}
