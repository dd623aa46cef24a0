using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>
/// The disruption controller's arithmetic, as Kubernetes does it: expected pods from the controllers' scale (or the
/// pod count for an integer minAvailable), desired healthy with percentages rounded up, healthy = Ready, not
/// terminating and not recently evicted (disruptedPods), disruptions allowed = healthy - desired, never negative.
/// </summary>
internal static class PdbStatusCalculator
{
    /// <param name="pdb">The budget.</param>
    /// <param name="pods">The pods its selector matches.</param>
    /// <param name="scaleOf">The top-level controller (uid, replicas) of a pod's controller, or null when unknown.</param>
    /// <param name="now">The current time.</param>
    /// <param name="disruptedPodTimeout">How long an eviction recorded in disruptedPods holds a pod out of the healthy count.</param>
    public static PdbComputation Compute(PdbRecord pdb, IReadOnlyList<PodRecord> pods, Func<OwnerLink, (string Uid, int Replicas)?> scaleOf,
        DateTimeOffset now, TimeSpan disruptedPodTimeout)
    {
        int expected;
        int desired;
        if (pdb.MaxUnavailable is { } maxUnavailable)
        {
            if (ExpectedScale(pods, scaleOf, out expected) is { } error)
            {
                return new PdbComputation(null, error, null);
            }

            desired = Math.Max(0, expected - maxUnavailable.Scaled(expected, roundUp: true));
        }
        else if (pdb.MinAvailable is { IsPercent: true } minPercent)
        {
            if (ExpectedScale(pods, scaleOf, out expected) is { } error)
            {
                return new PdbComputation(null, error, null);
            }

            desired = minPercent.Scaled(expected, roundUp: true);
        }
        else if (pdb.MinAvailable is { } minCount)
        {
            expected = pods.Count;
            desired = minCount.Value;
        }
        else
        {
            expected = 0;
            desired = 0;
        }

        var disrupted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? recheck = null;
        foreach (var pod in pods)
        {
            if (pod.IsDeleting || !pdb.Status.DisruptedPods.TryGetValue(pod.Name, out var at))
            {
                continue;
            }

            var expiry = at + disruptedPodTimeout;
            if (expiry > now)
            {
                disrupted[pod.Name] = at;
                recheck = recheck is null || expiry < recheck ? expiry : recheck;
            }
        }

        var healthy = pods.Count(p => !p.IsDeleting && !disrupted.ContainsKey(p.Name) && p.IsReady);
        var allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0)
        {
            allowed = 0;
        }

        return new PdbComputation(new PdbStatus(pdb.Generation, healthy, desired, allowed, expected, disrupted), null, recheck);
    }

    private static string? ExpectedScale(IReadOnlyList<PodRecord> pods, Func<OwnerLink, (string Uid, int Replicas)?> scaleOf, out int expected)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            // Pods without a controller do not count towards the expected scale (they only get a warning upstream).
            if (pod.Controller is not { } controller || !seen.Add(controller.Uid))
            {
                continue;
            }

            if (scaleOf(controller) is not { } scale)
            {
                expected = 0;
                return $"found no controllers for pod \"{pod.Name}\"";
            }

            scales[scale.Uid] = scale.Replicas;
        }

        expected = scales.Values.Sum();
        return null;
    }
}
