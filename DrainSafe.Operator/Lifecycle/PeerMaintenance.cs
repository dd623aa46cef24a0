using DrainSafe.Entities;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>Another node's maintenance, as far as approval and the concurrency limit care.</summary>
/// <param name="NodeName">The node.</param>
/// <param name="VmName">Its VM, as events list it.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="DueAt">The NotBefore of its most urgent actionable event (MinValue when Started); null when it has none.</param>
public sealed record PeerMaintenance(string NodeName, string VmName, MaintenanceState? State, DateTimeOffset? DueAt)
{
    /// <summary>States in which a node is cordoned for maintenance: what the concurrency limit counts.</summary>
    public static bool IsCordonedState(MaintenanceState? state) =>
        state is MaintenanceState.NodeCordoning or MaintenanceState.NodeCordoned or MaintenanceState.NodeDraining
            or MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted;

    /// <summary>States in which a node counts as drained for approval.</summary>
    public static bool IsDrainedState(MaintenanceState? state) => state is MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted;
}
