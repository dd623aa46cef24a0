using System.Net;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Scenarios.Playback;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class DisruptionBudgetTests
{
    [Fact]
    public async Task Pdb_status_follows_the_readiness_of_its_pods()
    {
        await using var world = await WorldFixture.StartAsync(nodes: 2);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 4));
        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "3", null));
        await world.AllRunningAsync("default", "web", 4);

        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status?.CurrentHealthy == 4, "the PDB counts 4 healthy pods");
        var status = world.Pdb("default", "web-pdb").Status;
        Assert.Equal(3, status.DesiredHealthy);
        Assert.Equal(1, status.DisruptionsAllowed);
        Assert.Equal(4, status.ExpectedPods);
        Assert.Equal(world.Pdb("default", "web-pdb").Metadata.Generation, status.ObservedGeneration);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "DisruptionAllowed").Status);

        // Two pods die with their node: the PDB sees fewer healthy pods until the replacements are Ready.
        await using var statuses = world.RecordStatuses<V1PodDisruptionBudget>(BuiltInResources.PodDisruptionBudgets, "default", "web-pdb");
        world.Cluster.Imds.ScheduleEvent(new() { EventType = "Reboot", Resources = [WorldFixture.Vm(0)], StartedAlready = true, Duration = TimeSpan.FromSeconds(20) });

        await Eventually.HoldsAsync(() => statuses.Seen.Any(p => p.Status.CurrentHealthy == 2 && p.Status.DisruptionsAllowed == 0),
            "the PDB allowed no disruption while two pods were missing");
        await world.AllRunningAsync("default", "web", 4);
        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status.DisruptionsAllowed == 1,
            "the PDB allows one disruption again once the replacements are Ready");
    }

    [Fact]
    public async Task Evicting_the_last_allowed_pod_of_a_budget_gets_429_naming_the_budget()
    {
        // One node with room for exactly four pods: the evicted pod's replacement cannot start while it terminates.
        await using var world = await WorldFixture.StartAsync(nodes: 1, maxPods: 4);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 4, gracePeriodSeconds: 3000));
        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "3", null));
        await world.AllRunningAsync("default", "web", 4);
        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status?.DisruptionsAllowed == 1, "one disruption allowed");
        var pods = world.Pods("default", "web").Select(p => p.Metadata.Name).ToList();

        await world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0], "default");
        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status.CurrentHealthy == 3,
            "the disruption controller counts the evicted pod out");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1], "default"));

        Assert.Equal((HttpStatusCode)429, refused.Response.StatusCode);
        var status = JsonSerializer.Deserialize<JsonElement>(refused.Response.Content);
        Assert.Equal("TooManyRequests", status.GetProperty("reason").GetString());
        var cause = status.GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("DisruptionBudget", cause.GetProperty("reason").GetString());
        Assert.Equal("The disruption budget web-pdb needs 3 healthy pods and has 3 currently", cause.GetProperty("message").GetString());
        Assert.NotNull(world.Pods("default", "web").Single(p => p.Metadata.Name == pods[0]).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Eviction_while_the_disruption_controller_lags_the_budget_spec_answers_429_still_being_processed_and_succeeds_after()
    {
        var delay = TimeSpan.FromSeconds(3);
        await using var world = await WorldFixture.StartAsync(nodes: 1,
            world: new() { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = 0.01, DisruptionControllerDelay = delay });
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 3));
        await world.AllRunningAsync("default", "web", 3);
        var pod = world.Pods("default", "web")[0].Metadata.Name;
        var created = DateTimeOffset.UtcNow;

        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "1", null));
        await Eventually.HoldsAsync(() => world.Cluster.World.ObserveAsync(s => s.Pdbs.ContainsKey("default/web-pdb")), "the world sees the PDB");
        // One more loop turn: without a delay the controller has written the PDB's status by now.
        await world.Cluster.World.ObserveAsync(_ => true);
        var lagging = await Assert.ThrowsAsync<HttpOperationException>(() =>
            world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pod), pod, "default"));

        Assert.True(DateTimeOffset.UtcNow - created < delay, "the first eviction ran within the delay");
        Assert.Equal((HttpStatusCode)429, lagging.Response.StatusCode);
        var cause = JsonSerializer.Deserialize<JsonElement>(lagging.Response.Content).GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("The disruption budget web-pdb is still being processed by the server.", cause.GetProperty("message").GetString());
        Assert.True((world.Pdb("default", "web-pdb").Status?.ObservedGeneration ?? 0) < world.Pdb("default", "web-pdb").Metadata.Generation);

        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status?.ObservedGeneration == world.Pdb("default", "web-pdb").Metadata.Generation,
            "the disruption controller observes the budget after the delay");
        Assert.True(DateTimeOffset.UtcNow - created >= delay, "the budget was observed no sooner than the delay");
        await world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pod), pod, "default");
        await Eventually.HoldsAsync(() => world.Pods("default", "web").All(p => p.Metadata.Name != pod), "the evicted pod is gone");
    }

    [Fact]
    public async Task The_lagging_disruption_controller_fault_switched_on_at_run_time_answers_429_still_being_processed_until_switched_off()
    {
        // No delay in the world's options: only the fault makes the controller lag, and an hour would outlast the test.
        await using var world = await WorldFixture.StartAsync(nodes: 1);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 3));
        await world.AllRunningAsync("default", "web", 3);
        var pod = world.Pods("default", "web")[0].Metadata.Name;

        world.Cluster.World.Faults.DisruptionControllerDelay = TimeSpan.FromHours(1);
        world.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "1", null));
        await Eventually.HoldsAsync(() => world.Cluster.World.ObserveAsync(s => s.Pdbs.ContainsKey("default/web-pdb")), "the world sees the PDB");
        // One more loop turn: without the fault the controller has written the PDB's status by now.
        await world.Cluster.World.ObserveAsync(_ => true);
        var lagging = await Assert.ThrowsAsync<HttpOperationException>(() =>
            world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pod), pod, "default"));

        Assert.Equal((HttpStatusCode)429, lagging.Response.StatusCode);
        var cause = JsonSerializer.Deserialize<JsonElement>(lagging.Response.Content).GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("The disruption budget web-pdb is still being processed by the server.", cause.GetProperty("message").GetString());
        Assert.Equal(TimeSpan.FromHours(1), world.Cluster.World.Faults.DisruptionControllerDelay);

        world.Cluster.World.Faults.DisruptionControllerDelay = null;

        await Eventually.HoldsAsync(() => world.Pdb("default", "web-pdb").Status?.ObservedGeneration == world.Pdb("default", "web-pdb").Metadata.Generation,
            "the disruption controller catches up once the fault is off");
        await world.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pod), pod, "default");
        await Eventually.HoldsAsync(() => world.Pods("default", "web").All(p => p.Metadata.Name != pod), "the evicted pod is gone");
    }

    [Fact]
    public void A_negative_disruption_controller_delay_fault_is_refused_with_its_name()
    {
        var faults = new DrainSafe.Sandbox.World.WorldFaults(() => { });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => faults.DisruptionControllerDelay = TimeSpan.FromSeconds(-1));

        Assert.Contains("WorldFaults.DisruptionControllerDelay", error.Message, StringComparison.Ordinal);
        Assert.Null(faults.DisruptionControllerDelay);
    }

    [Fact]
    public async Task Eviction_honours_the_grace_period_of_its_delete_options()
    {
        // Real-time grace periods here: the pod's own hour against the eviction's two seconds.
        await using var world = await WorldFixture.StartAsync(nodes: 1, graceScale: 1);
        world.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment("default", "web", replicas: 1, gracePeriodSeconds: 3600));
        await world.AllRunningAsync("default", "web", 1);
        var name = world.Pods("default", "web").Single().Metadata.Name;

        var eviction = Eviction(name);
        eviction.DeleteOptions = new V1DeleteOptions { GracePeriodSeconds = 2 };
        await world.Client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, name, "default");

        Assert.Equal(2, world.Pods("default", "web").Single(p => p.Metadata.Name == name).Metadata.DeletionGracePeriodSeconds);
        await Eventually.HoldsAsync(() => world.Pods("default", "web").All(p => p.Metadata.Name != name), "the evicted pod is gone after its short grace");
    }

    private static V1Eviction Eviction(string pod) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "Eviction",
        Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = "default" },
    };
}
