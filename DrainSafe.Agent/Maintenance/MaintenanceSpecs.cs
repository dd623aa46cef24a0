using DrainSafe.Agent.Imds;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Maintenance;

/// <summary>
/// What the node's NodeMaintenance spec should say, and whether that differs from what it says: the pure part of
/// the spec writer.
/// </summary>
public static class MaintenanceSpecs
{
    /// <summary>
    /// The events that list <paramref name="vmName"/> in Resources (case-insensitive). IMDS shows a VM every event
    /// of its placement group, including events that list only other VMs.
    /// </summary>
    public static IReadOnlyList<ScheduledEvent> EventsForVm(ImdsSnapshot snapshot, string vmName)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(vmName);
        return snapshot.Events
            .Where(e => e.Resources.Any(r => string.Equals(r, vmName, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The spec the agent wants: the node, the VM, and the events of the document that list the VM.</summary>
    public static NodeMaintenanceSpec Desired(string nodeName, string vmName, ImdsSnapshot snapshot) => new()
    {
        NodeName = nodeName,
        VmName = vmName,
        DocumentIncarnation = snapshot.DocumentIncarnation,
        Events = EventsForVm(snapshot, vmName).ToList(),
    };

    /// <summary>
    /// True when <paramref name="desired"/> says the same as <paramref name="current"/>, so no write is needed.
    /// A new DocumentIncarnation alone is not a change: it also moves for events of other VMs of the placement
    /// group, and writing it would make every agent of the group write for every event of any of them.
    /// </summary>
    public static bool SaysTheSame(NodeMaintenanceSpec? current, NodeMaintenanceSpec desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return current is not null
            && string.Equals(current.NodeName, desired.NodeName, StringComparison.Ordinal)
            && string.Equals(current.VmName, desired.VmName, StringComparison.Ordinal)
            && current.Events.Count == desired.Events.Count
            && current.Events.Zip(desired.Events).All(pair => SameEvent(pair.First, pair.Second));
    }

    private static bool SameEvent(ScheduledEvent a, ScheduledEvent b) =>
        string.Equals(a.EventId, b.EventId, StringComparison.Ordinal)
        && a.EventType == b.EventType
        && a.EventStatus == b.EventStatus
        && a.Resources.SequenceEqual(b.Resources, StringComparer.Ordinal)
        && a.NotBefore == b.NotBefore
        && string.Equals(a.Description, b.Description, StringComparison.Ordinal)
        && a.EventSource == b.EventSource
        && a.DurationInSeconds == b.DurationInSeconds
        && SameValues(a.UnrecognizedValues, b.UnrecognizedValues);

    private static bool SameValues(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a is null || a.Count == 0) && (b is null || b.Count == 0)
        || (a is not null && b is not null && a.Count == b.Count
            && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal)));
}
