namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>What DrainSafe's NodeMaintenance of a node says, as <c>kubectl get nodemaintenances</c> shows it.</summary>
/// <param name="State">status.state.</param>
/// <param name="PodsLeft">status.drain.remainingPods.</param>
/// <param name="BlockedBy">status.drain.blockedBy, comma-separated.</param>
public sealed record MaintenanceView(string? State, int? PodsLeft, string? BlockedBy);
