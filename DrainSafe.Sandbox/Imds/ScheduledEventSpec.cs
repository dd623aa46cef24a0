namespace DrainSafe.Sandbox.Imds;

/// <summary>What a scenario or test asks the simulated Azure to announce.</summary>
public sealed record ScheduledEventSpec
{
    /// <summary>
    /// The EventType (see <see cref="ImdsEventTypes"/>). Any string is served verbatim: an unknown type such as
    /// "LiveMigrate" is how the unknown-EventType fault is injected; it runs the normal lifecycle with no impact.
    /// </summary>
    public required string EventType { get; init; }

    /// <summary>The VM names the event lists in Resources. They need not be VMs of the simulator.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>NotBefore as "now plus this" (rounded up to a whole second). Default: the type's minimum notice.</summary>
    public TimeSpan? Notice { get; init; }

    /// <summary>NotBefore as an absolute time (rounded up to a whole second). Set this or <see cref="Notice"/>, not both.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The EventSource: <see cref="ImdsEventSources.Platform"/> (default) or <see cref="ImdsEventSources.User"/>.</summary>
    public string EventSource { get; init; } = ImdsEventSources.Platform;

    /// <summary>The DurationInSeconds the document reports: 0 none, -1 unknown (default).</summary>
    public int DurationInSeconds { get; init; } = -1;

    /// <summary>
    /// How long the event stays Started before it leaves the list. Default: <see cref="DurationInSeconds"/> when
    /// positive, else <see cref="ImdsOptions.DefaultEventDuration"/>.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// How long a Reboot/Redeploy keeps the VM down, or how long after Started a Preempt/Terminate deletes it.
    /// Default: half of the event's duration, so the VM is back before the event leaves the list.
    /// </summary>
    public TimeSpan? ImpactDuration { get; init; }

    /// <summary>The free-text Description.</summary>
    public string Description { get; init; } = "";

    /// <summary>A hardware failure: the event appears directly as Started, without NotBefore.</summary>
    public bool StartedAlready { get; init; }

    /// <summary>The EventId; default a new upper-case GUID.</summary>
    public string? EventId { get; init; }
}
