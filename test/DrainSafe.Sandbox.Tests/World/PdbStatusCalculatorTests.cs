using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World.Disruption;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class PdbStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("6", null, 8, 8, 6, 2)]
    [InlineData("100%", null, 2, 2, 2, 0)]
    [InlineData("50%", null, 5, 5, 3, 2)]
    [InlineData(null, "1", 3, 3, 2, 1)]
    [InlineData(null, "50%", 5, 5, 2, 3)]
    [InlineData(null, "25%", 3, 3, 2, 1)]
    [InlineData(null, "0", 4, 4, 4, 0)]
    public async Task Desired_healthy_and_allowed_disruptions_follow_Kubernetes_rounding(
        string? minAvailable, string? maxUnavailable, int replicas, int expectedPods, int desiredHealthy, int disruptionsAllowed)
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var (pdb, pods, scale) = Arrange(store, minAvailable, maxUnavailable, replicas, readyPods: replicas);

        var status = PdbStatusCalculator.Compute(pdb, pods, scale, Now, TimeSpan.FromMinutes(2)).Status!;

        Assert.Equal(expectedPods, status.ExpectedPods);
        Assert.Equal(desiredHealthy, status.DesiredHealthy);
        Assert.Equal(replicas, status.CurrentHealthy);
        Assert.Equal(disruptionsAllowed, status.DisruptionsAllowed);
        Assert.Equal(pdb.Generation, status.ObservedGeneration);
    }

    [Fact]
    public async Task Unready_and_recently_evicted_pods_do_not_count_as_healthy()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var (pdb, pods, scale) = Arrange(store, "2", null, replicas: 4, readyPods: 3,
            disruptedPods: new() { ["web-0"] = Now.AddSeconds(-10), ["web-1"] = Now.AddMinutes(-5) });

        var computation = PdbStatusCalculator.Compute(pdb, pods, scale, Now, TimeSpan.FromMinutes(2));

        // web-0 was evicted 10 s ago (still expected to go), web-1's entry expired, web-3 is not Ready.
        Assert.Equal(2, computation.Status!.CurrentHealthy);
        Assert.Equal(0, computation.Status.DisruptionsAllowed);
        Assert.Equal(["web-0"], computation.Status.DisruptedPods.Keys);
        Assert.Equal(Now.AddSeconds(110), computation.RecheckAt);
    }

    [Fact]
    public async Task A_percentage_over_pods_without_a_known_controller_fails_safe()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var (pdb, pods, _) = Arrange(store, null, "1", replicas: 2, readyPods: 2);

        var computation = PdbStatusCalculator.Compute(pdb, pods, _ => null, Now, TimeSpan.FromMinutes(2));

        Assert.Null(computation.Status);
        Assert.Contains("found no controllers for pod", computation.Error);
    }

    [Fact]
    public async Task Integer_minAvailable_expects_the_pods_that_exist_not_the_controller_scale()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "2", null);
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a"), Pod(store, "web-2", "rs-a") };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 5))).Status!;

        Assert.Equal(3, status.ExpectedPods);
        Assert.Equal(2, status.DesiredHealthy);
        Assert.Equal(3, status.CurrentHealthy);
        Assert.Equal(1, status.DisruptionsAllowed);
    }

    [Theory]
    [InlineData("50%", null, 2, 0)]
    [InlineData(null, "25%", 3, 0)]
    [InlineData(null, "1", 3, 0)]
    public async Task Percentages_and_maxUnavailable_expect_the_controller_scale_even_while_pods_are_missing(
        string? minAvailable, string? maxUnavailable, int desiredHealthy, int disruptionsAllowed)
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, minAvailable, maxUnavailable);
        // The Deployment wants 4; only 2 pods exist (the others are being rescheduled).
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a") };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 4))).Status!;

        Assert.Equal(4, status.ExpectedPods);
        Assert.Equal(desiredHealthy, status.DesiredHealthy);
        Assert.Equal(2, status.CurrentHealthy);
        Assert.Equal(disruptionsAllowed, status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Expected_pods_sum_the_scale_of_each_top_level_controller_once()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, null, "1");
        // Mid-rollout: rs-a and rs-c both belong to deploy-a (scale 3); rs-b belongs to deploy-b (scale 2).
        var pods = new[]
        {
            Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a"), Pod(store, "web-2", "rs-c"),
            Pod(store, "web-3", "rs-b"), Pod(store, "web-4", "rs-b"),
        };
        var asked = new List<string>();
        var scales = Scales(("rs-a", "deploy-a", 3), ("rs-c", "deploy-a", 3), ("rs-b", "deploy-b", 2));

        var status = Compute(pdb, pods, owner =>
        {
            asked.Add(owner.Uid);
            return scales(owner);
        }).Status!;

        Assert.Equal(5, status.ExpectedPods);
        Assert.Equal(4, status.DesiredHealthy);
        Assert.Equal(5, status.CurrentHealthy);
        Assert.Equal(1, status.DisruptionsAllowed);
        Assert.Equal(["rs-a", "rs-b", "rs-c"], asked.Order());
    }

    [Fact]
    public async Task Pods_without_a_controller_are_left_out_of_the_expected_scale_but_count_as_healthy()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "50%", null);
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a"), Pod(store, "loner", owner: null) };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 2))).Status!;

        Assert.Equal(2, status.ExpectedPods);
        Assert.Equal(1, status.DesiredHealthy);
        Assert.Equal(3, status.CurrentHealthy);
        Assert.Equal(2, status.DisruptionsAllowed);
    }

    [Fact]
    public async Task A_controller_whose_scale_is_unknown_fails_the_computation_even_after_known_ones()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "50%", null);
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "job-0", "job-x") };

        var computation = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 2)));

        Assert.Null(computation.Status);
        Assert.Equal("found no controllers for pod \"job-0\"", computation.Error);
    }

    [Fact]
    public async Task An_integer_minAvailable_needs_no_controller_scale_at_all()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "1", null);
        var pods = new[] { Pod(store, "web-0", "job-x"), Pod(store, "web-1", "job-x") };

        var computation = Compute(pdb, pods, _ => null);

        Assert.Null(computation.Error);
        Assert.Equal(1, computation.Status!.DisruptionsAllowed);
    }

    [Fact]
    public async Task A_maxUnavailable_larger_than_the_scale_desires_no_healthy_pod_and_lets_every_healthy_one_go()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, null, "5");
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a"), Pod(store, "web-2", "rs-a", ready: false) };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 3))).Status!;

        Assert.Equal(0, status.DesiredHealthy);
        Assert.Equal(2, status.CurrentHealthy);
        Assert.Equal(2, status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Ready_pods_of_a_controller_scaled_to_zero_get_no_disruption_allowed()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, null, "1");
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a") };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 0))).Status!;

        Assert.Equal(0, status.ExpectedPods);
        Assert.Equal(0, status.DesiredHealthy);
        Assert.Equal(2, status.CurrentHealthy);
        Assert.Equal(0, status.DisruptionsAllowed);
    }

    [Fact]
    public async Task A_budget_with_neither_minAvailable_nor_maxUnavailable_expects_nothing_and_allows_no_disruption()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, null, null);
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a") };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 2))).Status!;

        Assert.Equal(0, status.ExpectedPods);
        Assert.Equal(0, status.DesiredHealthy);
        Assert.Equal(2, status.CurrentHealthy);
        Assert.Equal(0, status.DisruptionsAllowed);
    }

    [Fact]
    public async Task Terminating_pods_are_not_healthy_and_leave_disruptedPods()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "1", null, new() { ["web-0"] = Now.AddSeconds(-10) });
        var pods = new[] { Pod(store, "web-0", "rs-a", deleting: true), Pod(store, "web-1", "rs-a", deleting: true), Pod(store, "web-2", "rs-a") };

        var computation = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 3)));

        Assert.Equal(1, computation.Status!.CurrentHealthy);
        Assert.Equal(0, computation.Status.DisruptionsAllowed);
        // web-0 is on its way out already: no need to hold it or to look again when its entry would expire.
        Assert.Empty(computation.Status.DisruptedPods);
        Assert.Null(computation.RecheckAt);
    }

    [Fact]
    public async Task Recent_evictions_keep_their_pods_out_of_the_healthy_count_until_the_earliest_expiry_is_rechecked()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var pdb = Budget(store, "1", null, new()
        {
            ["web-0"] = Now.AddSeconds(-90),
            ["web-1"] = Now.AddSeconds(-30),
            ["web-2"] = Now.AddMinutes(-2),
            ["gone"] = Now.AddSeconds(-5),
        });
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a"), Pod(store, "web-2", "rs-a"), Pod(store, "web-3", "rs-a") };

        var computation = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 4)));

        // web-2's entry reaches its 2-minute timeout now: it counts again. "gone" is no pod of the budget any more.
        // The recheck is web-0's expiry, the earliest, though web-1's entry was looked at after it.
        Assert.Equal(["web-0", "web-1"], computation.Status!.DisruptedPods.Keys.Order());
        Assert.Equal(Now.AddSeconds(-90), computation.Status.DisruptedPods["web-0"]);
        Assert.Equal(2, computation.Status.CurrentHealthy);
        Assert.Equal(1, computation.Status.DisruptionsAllowed);
        Assert.Equal(Now.AddSeconds(30), computation.RecheckAt);
    }

    [Fact]
    public async Task Observed_generation_is_the_generation_of_the_budget_spec_computed()
    {
        await using var store = new ObjectStore(new SandboxApiServerOptions());
        var created = store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", "1", null)).ToJsonObject();
        created["spec"]!["minAvailable"] = 2;
        var pdb = PdbRecord.From(store.Update(BuiltInResources.PodDisruptionBudgets, created));
        var pods = new[] { Pod(store, "web-0", "rs-a"), Pod(store, "web-1", "rs-a") };

        var status = Compute(pdb, pods, Scales(("rs-a", "deploy-a", 2))).Status!;

        Assert.Equal(2, pdb.Generation);
        Assert.Equal(2, status.ObservedGeneration);
        Assert.Equal(2, status.DesiredHealthy);
    }

    private static PdbComputation Compute(PdbRecord pdb, IReadOnlyList<PodRecord> pods, Func<OwnerLink, (string Uid, int Replicas)?> scaleOf) =>
        PdbStatusCalculator.Compute(pdb, pods, scaleOf, Now, TimeSpan.FromMinutes(2));

    /// <summary>Resolves each ReplicaSet uid to its Deployment (uid, replicas); unknown owners resolve to null.</summary>
    private static Func<OwnerLink, (string Uid, int Replicas)?> Scales(params (string Owner, string Top, int Replicas)[] scales) =>
        owner => scales.FirstOrDefault(s => s.Owner == owner.Uid) is { Owner: not null } found ? (found.Top, found.Replicas) : null;

    private static PdbRecord Budget(ObjectStore store, string? minAvailable, string? maxUnavailable, Dictionary<string, DateTimeOffset>? disruptedPods = null)
    {
        var stored = store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb("default", "web-pdb", "web", minAvailable, maxUnavailable));
        if (disruptedPods is not null)
        {
            var withStatus = stored.ToJsonObject();
            var map = new JsonObject();
            foreach (var (name, at) in disruptedPods)
            {
                map[name] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            }

            withStatus["status"] = new JsonObject { ["disruptedPods"] = map };
            stored = store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, withStatus);
        }

        return PdbRecord.From(stored);
    }

    private static PodRecord Pod(ObjectStore store, string name, string? owner, bool ready = true, bool deleting = false)
    {
        var pod = WorkloadManifests.BarePod("default", name, "web", "node-0");
        if (owner is not null)
        {
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = owner, ["uid"] = owner, ["controller"] = true,
            });
        }

        if (deleting)
        {
            pod["metadata"]!["finalizers"] = new JsonArray("test.drainsafe.azure.com/hold");
        }

        var running = store.Create(BuiltInResources.Pods, pod).ToJsonObject();
        running["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        var stored = store.UpdateStatus(BuiltInResources.Pods, running);
        if (deleting)
        {
            store.Delete(BuiltInResources.Pods, "default", name);
            stored = store.Get(BuiltInResources.Pods, "default", name)!;
            Assert.True(stored.IsDeleting);
        }

        return PodRecord.From(stored);
    }

    private static (PdbRecord Pdb, List<PodRecord> Pods, Func<OwnerLink, (string, int)?> Scale) Arrange(ObjectStore store,
        string? minAvailable, string? maxUnavailable, int replicas, int readyPods, Dictionary<string, DateTimeOffset>? disruptedPods = null)
    {
        var pdbJson = WorkloadManifests.Pdb("default", "web-pdb", "web", minAvailable, maxUnavailable);
        var storedPdb = store.Create(BuiltInResources.PodDisruptionBudgets, pdbJson);
        if (disruptedPods is not null)
        {
            var withStatus = storedPdb.ToJsonObject();
            var map = new JsonObject();
            foreach (var (name, at) in disruptedPods)
            {
                map[name] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            }

            withStatus["status"] = new JsonObject { ["disruptedPods"] = map };
            storedPdb = store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, withStatus);
        }

        var pods = new List<PodRecord>();
        for (var i = 0; i < replicas; i++)
        {
            var pod = WorkloadManifests.BarePod("default", $"web-{i}", "web", "node-0");
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-abc", ["uid"] = "rs-uid", ["controller"] = true,
            });
            var stored = store.Create(BuiltInResources.Pods, pod);
            var running = stored.ToJsonObject();
            running["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = i < readyPods ? "True" : "False" }),
            };
            pods.Add(PodRecord.From(store.UpdateStatus(BuiltInResources.Pods, running)));
        }

        return (PdbRecord.From(storedPdb), pods, _ => ("deployment-uid", replicas));
    }
}
