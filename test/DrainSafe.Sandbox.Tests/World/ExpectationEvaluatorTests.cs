using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World.Disruption;

namespace DrainSafe.Sandbox.Tests.World;

public sealed class ExpectationEvaluatorTests
{
    [Fact]
    public void An_eviction_that_left_a_budget_short_fails_naming_pod_and_budget()
    {
        var at = DateTimeOffset.UnixEpoch;
        var scenario = Sandbox.Scenarios.ScenarioLoader.Load("multi-vm-event");
        EvictionObservation[] evictions =
        [
            new(at, "default", "api-1", "pool1-vmss000000", EvictionOutcome.Allowed, "api-pdb", null, HealthyAfter: 5, DesiredHealthy: 5),
            new(at, "default", "api-2", "pool1-vmss000000", EvictionOutcome.Allowed, "api-pdb", null, HealthyAfter: 4, DesiredHealthy: 5),
        ];

        var results = ExpectationEvaluator.Evaluate(scenario, new ScenarioRunOptions(), timedOut: false, [], evictions,
            EmptySample(), new Dictionary<string, string>(), []);

        var pdb = Assert.Single(results, r => r.Name.StartsWith("no eviction takes a PDB", StringComparison.Ordinal));
        Assert.Equal(ExpectationOutcome.Failed, pdb.Outcome);
        Assert.Equal("evicting default/api-2 left api-pdb with 4 healthy pods, it needs 5", pdb.Reason);
    }

    private static ClusterSample EmptySample() => ClusterSample.Empty(DateTimeOffset.UnixEpoch);
}
