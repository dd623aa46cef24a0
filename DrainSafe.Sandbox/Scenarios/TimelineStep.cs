namespace DrainSafe.Sandbox.Scenarios;

/// <summary>One Azure action in a scenario's timeline.</summary>
/// <param name="At">When, from the scenario's start.</param>
/// <param name="Action">Announce a new event, or cancel one announced earlier.</param>
/// <param name="Id">The step's name, so a later step can cancel it.</param>
/// <param name="EventType">Freeze, Reboot, Redeploy, Preempt, Terminate (or any string, to test unknown types).</param>
/// <param name="Vms">VM names the event lists in Resources.</param>
/// <param name="Notice">How far ahead NotBefore lies.</param>
/// <param name="Source">Platform or User.</param>
/// <param name="Duration">How long the event stays listed once Started.</param>
/// <param name="StartedAlready">The event appears directly as Started (hardware failure).</param>
/// <param name="Cancels">For <see cref="TimelineAction.Cancel"/>: the id of the step whose event is withdrawn.</param>
public sealed record TimelineStep(
    TimeSpan At,
    TimelineAction Action,
    string Id,
    string EventType,
    IReadOnlyList<string> Vms,
    TimeSpan Notice,
    string Source,
    TimeSpan Duration,
    bool StartedAlready,
    string? Cancels);

/// <summary>What a timeline step does.</summary>
public enum TimelineAction
{
    /// <summary>Azure announces an event.</summary>
    Schedule,

    /// <summary>Azure withdraws a Scheduled event.</summary>
    Cancel,
}
