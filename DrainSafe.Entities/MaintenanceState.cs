using System.Text.Json.Serialization;

namespace DrainSafe.Entities;

/// <summary>
/// Where a node stands in the maintenance lifecycle (<c>status.state</c>), in the vocabulary of the
/// original DrainSafe; the operator mirrors it onto the Node as
/// <see cref="DrainSafeAnnotations.MaintenanceState"/>. Serialized by name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceState>))]
public enum MaintenanceState
{
    /// <summary>An actionable event is pending; waiting for its drain window or a concurrency slot.</summary>
    MaintenanceScheduled,

    /// <summary>Cordon in progress.</summary>
    NodeCordoning,

    /// <summary>The node is unschedulable.</summary>
    NodeCordoned,

    /// <summary>Evicting pods.</summary>
    NodeDraining,

    /// <summary>Every evictable pod is gone; the event may be approved.</summary>
    NodeDrained,

    /// <summary>Azure reports the event Started (after approval or NotBefore).</summary>
    MaintenanceStarted,

    /// <summary>No actionable event lists this VM.</summary>
    NodeRunning,

    /// <summary>Maintenance is over; the node is restored to how DrainSafe found it.</summary>
    NodeUncordoned,
}
