namespace DrainSafe.Sandbox.Imds;

/// <summary>One event as a VM's Scheduled Events document shows it.</summary>
/// <param name="EventId">The event's GUID.</param>
/// <param name="EventStatus">Scheduled or Started.</param>
/// <param name="EventType">Freeze, Reboot, Redeploy, Preempt, Terminate, or whatever unknown type was scheduled.</param>
/// <param name="ResourceType">Always "VirtualMachine".</param>
/// <param name="Resources">The VM names the event affects.</param>
/// <param name="NotBefore">When the event starts at the latest; null once Started (served as "").</param>
/// <param name="Description">Free text, may be empty.</param>
/// <param name="EventSource">Platform or User.</param>
/// <param name="DurationInSeconds">Expected interruption: 0 none, -1 unknown.</param>
public sealed record ImdsScheduledEvent(
    string EventId,
    ImdsEventStatus EventStatus,
    string EventType,
    string ResourceType,
    IReadOnlyList<string> Resources,
    DateTimeOffset? NotBefore,
    string Description,
    string EventSource,
    int DurationInSeconds);
