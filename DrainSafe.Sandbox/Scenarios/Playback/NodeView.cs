namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>One node as the live view shows it: its state, its pods, and the Azure event it is in.</summary>
/// <param name="Name">Node name.</param>
/// <param name="VmName">Its VM's compute name.</param>
/// <param name="Exists">False once the node was deleted (its VM preempted or terminated).</param>
/// <param name="Ready">The Ready condition is True.</param>
/// <param name="Unschedulable">spec.unschedulable (cordoned).</param>
/// <param name="Pods">Pods bound to it that have not finished.</param>
/// <param name="EvictablePods">Of those, the ones a drain must move (not DaemonSet or mirror pods).</param>
/// <param name="EventStep">The timeline step of the event that lists its VM, if any.</param>
/// <param name="EventType">That event's type.</param>
/// <param name="EventStatus">Scheduled or Started.</param>
/// <param name="NotBefore">That event's NotBefore while Scheduled.</param>
/// <param name="Maintenance">DrainSafe's NodeMaintenance of the node, when one exists.</param>
public sealed record NodeView(
    string Name,
    string? VmName,
    bool Exists,
    bool Ready,
    bool Unschedulable,
    int Pods,
    int EvictablePods,
    string? EventStep,
    string? EventType,
    string? EventStatus,
    DateTimeOffset? NotBefore,
    MaintenanceView? Maintenance = null);
