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
