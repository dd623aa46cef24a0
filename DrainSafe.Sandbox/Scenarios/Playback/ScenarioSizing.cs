using System.Globalization;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>How big a cluster a scenario needs, and the node capacity a load of pods per node needs.</summary>
public static class ScenarioSizing
{
    /// <summary>The fewest nodes per pool that still have every node and VM the scenario names; 1 when it names none.</summary>
    public static int MinimumNodesPerPool(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var highest = -1;
        var names = scenario.Timeline.SelectMany(t => t.Vms)
            .Concat(scenario.Cluster.CordonedNodes)
            .Concat(scenario.Cluster.Workloads.Select(w => w.Node).OfType<string>())
            .Concat(scenario.Expectations.CordonedAtEnd);
        foreach (var name in names)
        {
            foreach (var pool in scenario.Cluster.Pools)
            {
                if (IndexIn(name, pool.Name) is { } index)
                {
                    highest = Math.Max(highest, index);
                }
            }
        }

        return highest + 1 > 0 ? highest + 1 : 1;
    }

    /// <summary>The pods the scenario's workloads run, DaemonSet pods included.</summary>
    public static int WorkloadPods(Scenario scenario, int totalNodes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Cluster.Workloads.Sum(w => w.Kind == WorkloadKind.DaemonSet ? totalNodes : w.Replicas);
    }

    /// <summary>The node capacity (allocatable pods) that lets every pod run even while one node is down.</summary>
    public static int CapacityFor(int pods, int nodes) => (int)Math.Ceiling(pods / (double)Math.Max(1, nodes - 1)) + 2;

    private static int? IndexIn(string name, string pool)
    {
        foreach (var prefix in new[] { pool + "-vmss_", pool + "-vmss" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }

        return null;
    }
}
