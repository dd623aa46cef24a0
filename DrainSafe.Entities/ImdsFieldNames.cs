namespace DrainSafe.Entities;

/// <summary>
/// Names of scheduled-event fields in the IMDS document, as used for the keys of
/// <see cref="ScheduledEvent.UnrecognizedValues"/>.
/// </summary>
public static class ImdsFieldNames
{
    /// <summary>The <c>EventType</c> field.</summary>
    public const string EventType = "EventType";

    /// <summary>The <c>EventStatus</c> field.</summary>
    public const string EventStatus = "EventStatus";

    /// <summary>The <c>EventSource</c> field.</summary>
    public const string EventSource = "EventSource";

    /// <summary>The <c>NotBefore</c> field.</summary>
    public const string NotBefore = "NotBefore";

    /// <summary>Every name above: the keys <see cref="ScheduledEvent.UnrecognizedValues"/> may hold.</summary>
    public static IReadOnlyList<string> All { get; } = [EventType, EventStatus, EventSource, NotBefore];
}
