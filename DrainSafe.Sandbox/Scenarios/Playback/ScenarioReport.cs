using DrainSafe.Sandbox.World.Disruption;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>The outcome of playing a scenario: what happened per node and event, and each expectation.</summary>
public sealed record ScenarioReport
{
    /// <summary>The scenario played.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>How it was played.</summary>
    public required ScenarioRunOptions Options { get; init; }

    /// <summary>When the timeline started (after the workloads were Running).</summary>
    public required DateTimeOffset TimelineStartedAt { get; init; }

    /// <summary>When the scenario was over.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The scenario's timeout struck before every event had left the list.</summary>
    public required bool TimedOut { get; init; }

    /// <summary>What still kept the workloads from running when the scenario ended (empty when it settled).</summary>
    public required IReadOnlyList<string> Unsettled { get; init; }

    /// <summary>One entry per node and event.</summary>
    public required IReadOnlyList<NodeEventHistory> Histories { get; init; }

    /// <summary>Every eviction the API server decided during the timeline.</summary>
    public required IReadOnlyList<EvictionObservation> Evictions { get; init; }

    /// <summary>Each expectation with its outcome.</summary>
    public required IReadOnlyList<ExpectationResult> Expectations { get; init; }

    /// <summary>True when no evaluated expectation failed.</summary>
    public bool Succeeded => Expectations.All(e => e.Outcome != ExpectationOutcome.Failed);
}
