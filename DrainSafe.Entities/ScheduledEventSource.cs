namespace DrainSafe.Entities;

/// <summary>Who started a scheduled event (<c>EventSource</c>). Unknown values read as <see cref="Unknown"/>.</summary>
public enum ScheduledEventSource
{
    /// <summary>A value this version of DrainSafe does not know, or IMDS did not say.</summary>
    Unknown = 0,

    /// <summary>Azure's platform (host maintenance, hardware).</summary>
    Platform,

    /// <summary>A user of the subscription (e.g. a restart from the portal).</summary>
    User,
}
