namespace DrainSafe.Entities;

/// <summary>
/// Where a scheduled event stands (<c>EventStatus</c>). There is no "completed": a finished or
/// cancelled event leaves the list. Unknown values read as <see cref="Unknown"/>.
/// </summary>
public enum ScheduledEventStatus
{
    /// <summary>A value this version of DrainSafe does not know; see <see cref="ScheduledEvent.UnrecognizedValues"/>.</summary>
    Unknown = 0,

    /// <summary>The event waits for its NotBefore time or for approval.</summary>
    Scheduled,

    /// <summary>The event has begun (after approval or NotBefore, or at once for an unplanned failure).</summary>
    Started,
}
