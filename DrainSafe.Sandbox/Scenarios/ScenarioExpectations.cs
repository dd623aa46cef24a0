namespace DrainSafe.Sandbox.Scenarios;

/// <summary>What must hold when a scenario is over. Each is checked and reported separately.</summary>
/// <param name="CordonedAtEnd">Exactly these nodes are cordoned at the end (admin cordons kept, DrainSafe's undone).</param>
/// <param name="NoPodsOnNodesUnderMaintenance">When an event Starts, no evictable pod is still running on its VMs.</param>
/// <param name="ApprovedEvents">Ids of the timeline steps whose events must have been approved through IMDS.</param>
/// <param name="NotApprovedEvents">Ids of the timeline steps whose events must never be approved.</param>
/// <param name="NoEvictionAgainstPdb">No PDB ever had fewer healthy pods than it desired because of an eviction.</param>
public sealed record ScenarioExpectations(
    IReadOnlyList<string> CordonedAtEnd,
    bool NoPodsOnNodesUnderMaintenance,
    IReadOnlyList<string> ApprovedEvents,
    IReadOnlyList<string> NotApprovedEvents,
    bool NoEvictionAgainstPdb);
