namespace DrainSafe.Sandbox.Scenarios;

/// <summary>
/// A complete sandbox story: the cluster to build, the Azure events to play, and what must hold at the end.
/// </summary>
/// <param name="Name">Short name, used by <c>--scenario</c>.</param>
/// <param name="Description">One line saying what the scenario shows.</param>
/// <param name="Cluster">Node pools and workloads.</param>
/// <param name="Timeline">Azure events in the order they are announced.</param>
/// <param name="Expectations">What must be true when the scenario is over.</param>
public sealed record Scenario(
    string Name,
    string Description,
    ClusterSpec Cluster,
    IReadOnlyList<TimelineStep> Timeline,
    ScenarioExpectations Expectations)
{
    /// <summary>The longest the scenario may run before it is declared stuck.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);
}
