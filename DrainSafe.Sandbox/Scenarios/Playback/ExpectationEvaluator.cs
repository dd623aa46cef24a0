using System.Globalization;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World.Disruption;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>Judges a played scenario's expectations from what was recorded, each with its reason.</summary>
internal static class ExpectationEvaluator
{
    public const string NeedsDrainSafe = "not evaluated: DrainSafe was not running (--without-drainsafe)";

    public static List<ExpectationResult> Evaluate(Scenario scenario, ScenarioRunOptions options, bool timedOut,
        IReadOnlyList<NodeEventHistory> histories, IReadOnlyList<EvictionObservation> evictions, ClusterSample final,
        IReadOnlyDictionary<string, string> eventIdOfStep, IReadOnlyList<ImdsScheduledEvent> leftover)
    {
        var expect = scenario.Expectations;
        var results = new List<ExpectationResult>
        {
            Finished(scenario, options, timedOut, leftover, eventIdOfStep),
            CordonedAtEnd(expect.CordonedAtEnd, final),
        };
        if (expect.NoPodsOnNodesUnderMaintenance)
        {
            results.Add(NoPodsUnderMaintenance(histories, options.DrainSafeRunning));
        }

        if (expect.ApprovedEvents.Count > 0)
        {
            results.Add(Approvals("events approved through IMDS: " + string.Join(", ", expect.ApprovedEvents),
                expect.ApprovedEvents, eventIdOfStep, final, shouldBeApproved: true, options.DrainSafeRunning));
        }

        if (expect.NotApprovedEvents.Count > 0)
        {
            results.Add(Approvals("events never approved: " + string.Join(", ", expect.NotApprovedEvents),
                expect.NotApprovedEvents, eventIdOfStep, final, shouldBeApproved: false, options.DrainSafeRunning));
        }

        if (expect.NoEvictionAgainstPdb)
        {
            results.Add(NoEvictionAgainstPdb(evictions));
        }

        return results;
    }

    private static ExpectationResult Finished(Scenario scenario, ScenarioRunOptions options, bool timedOut,
        IReadOnlyList<ImdsScheduledEvent> leftover, IReadOnlyDictionary<string, string> eventIdOfStep)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"every event is over within the scenario's timeout ({(scenario.Timeout * options.TimeScale).TotalSeconds:0.#} s)");
        if (!timedOut)
        {
            return new ExpectationResult(name, ExpectationOutcome.Held, "every announced event left the list");
        }

        var steps = eventIdOfStep.Where(p => leftover.Any(e => string.Equals(e.EventId, p.Value, StringComparison.OrdinalIgnoreCase))).Select(p => p.Key);
        return new ExpectationResult(name, ExpectationOutcome.Failed, "still listed at the timeout: " + string.Join(", ", steps.DefaultIfEmpty("timeline steps not yet played")));
    }

    private static ExpectationResult CordonedAtEnd(IReadOnlyList<string> expected, ClusterSample final)
    {
        var cordoned = final.Nodes.Values.Where(n => n.Unschedulable).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        var name = wanted.Count == 0 ? "no node is cordoned at the end" : "exactly these nodes are cordoned at the end: " + string.Join(", ", wanted);
        if (cordoned.SequenceEqual(wanted))
        {
            return new ExpectationResult(name, ExpectationOutcome.Held,
                cordoned.Count == 0 ? "every node is schedulable" : "cordoned: " + string.Join(", ", cordoned));
        }

        var extra = cordoned.Except(wanted).ToList();
        var missing = wanted.Except(cordoned).ToList();
        var reasons = new List<string>();
        if (extra.Count > 0)
        {
            reasons.Add("still cordoned: " + string.Join(", ", extra));
        }

        if (missing.Count > 0)
        {
            reasons.Add("no longer cordoned: " + string.Join(", ", missing));
        }

        return new ExpectationResult(name, ExpectationOutcome.Failed, string.Join("; ", reasons));
    }

    private static ExpectationResult NoPodsUnderMaintenance(IReadOnlyList<NodeEventHistory> histories, bool drainSafeRunning)
    {
        const string name = "no evictable pod is still running on a VM when its maintenance starts";
        var hits = histories.Where(h => h.PodsKilled > 0)
            .Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.PodsKilled} on {h.NodeName} when {h.StepId} started ({string.Join(", ", h.Impact!.EvictablePods.Take(3).Select(p => p.Namespace + "/" + p.Name))}{(h.PodsKilled > 3 ? ", ..." : string.Empty)})"))
            .ToList();
        var seen = hits.Count == 0 ? "no VM went down with evictable pods on it" : "seen: " + string.Join("; ", hits);
        if (!drainSafeRunning)
        {
            return new ExpectationResult(name, ExpectationOutcome.NotEvaluated, $"{NeedsDrainSafe} ({seen})");
        }

        return new ExpectationResult(name, hits.Count == 0 ? ExpectationOutcome.Held : ExpectationOutcome.Failed, seen);
    }

    private static ExpectationResult Approvals(string name, IReadOnlyList<string> steps, IReadOnlyDictionary<string, string> eventIdOfStep,
        ClusterSample final, bool shouldBeApproved, bool drainSafeRunning)
    {
        var approved = steps.Where(s => eventIdOfStep.TryGetValue(s, out var id)
            && final.Approvals.Any(a => string.Equals(a.EventId, id, StringComparison.OrdinalIgnoreCase))).ToList();
        var seen = approved.Count == 0 ? "none of them was approved" : "approved: " + string.Join(", ", approved);
        if (!drainSafeRunning)
        {
            return new ExpectationResult(name, ExpectationOutcome.NotEvaluated, $"{NeedsDrainSafe} ({seen})");
        }

        var wrong = shouldBeApproved ? steps.Except(approved).ToList() : approved;
        if (wrong.Count == 0)
        {
            return new ExpectationResult(name, ExpectationOutcome.Held, seen);
        }

        return new ExpectationResult(name, ExpectationOutcome.Failed,
            (shouldBeApproved ? "never approved: " : "approved although they must not be: ") + string.Join(", ", wrong));
    }

    private static ExpectationResult NoEvictionAgainstPdb(IReadOnlyList<EvictionObservation> evictions)
    {
        const string name = "no eviction takes a PDB below its desired healthy pods";
        var broken = evictions.Where(e => e.BrokeBudget).ToList();
        var allowed = evictions.Count(e => e.Outcome == EvictionOutcome.Allowed);
        if (broken.Count == 0)
        {
            return new ExpectationResult(name, ExpectationOutcome.Held, allowed == 0
                ? "no eviction happened"
                : string.Create(CultureInfo.InvariantCulture, $"{allowed} evictions allowed, every PDB kept its desired healthy pods"));
        }

        return new ExpectationResult(name, ExpectationOutcome.Failed, string.Join("; ", broken.Select(b =>
            string.Create(CultureInfo.InvariantCulture, $"evicting {b.Namespace}/{b.PodName} left {b.BudgetName} with {b.HealthyAfter} healthy pods, it needs {b.DesiredHealthy}"))));
    }
}
