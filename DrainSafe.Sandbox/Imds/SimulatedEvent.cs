namespace DrainSafe.Sandbox.Imds;

/// <summary>The state the simulator keeps per event. Guarded by the simulator's lock.</summary>
internal sealed class SimulatedEvent(
    string eventId,
    long sequence,
    ScheduledEventSpec spec,
    DateTimeOffset notBefore,
    TimeSpan duration,
    TimeSpan impactDuration)
{
    public string EventId { get; } = eventId;

    public long Sequence { get; } = sequence;

    public string EventType { get; } = spec.EventType;

    public IReadOnlyList<string> Resources { get; } = [.. spec.Resources];

    public string EventSource { get; } = spec.EventSource;

    public string Description { get; } = spec.Description;

    public int DurationInSeconds { get; } = spec.DurationInSeconds;

    /// <summary>How long the event stays Started before it leaves the list.</summary>
    public TimeSpan Duration { get; } = duration;

    /// <summary>How long the VM stays down (Reboot/Redeploy) or lives on (Preempt/Terminate) after Started.</summary>
    public TimeSpan ImpactDuration { get; } = impactDuration;

    public DateTimeOffset NotBefore { get; } = notBefore;

    public ImdsEventStatus Status { get; private set; } = ImdsEventStatus.Scheduled;

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? RemoveAt => StartedAt + Duration;

    /// <summary>Every VM whose document shows the event: the listed ones and their placement groups.</summary>
    public HashSet<SimulatedVm> VisibleTo { get; } = [];

    public void Start(DateTimeOffset at)
    {
        Status = ImdsEventStatus.Started;
        StartedAt = at;
    }

    public bool Lists(string vmName) => Resources.Contains(vmName, StringComparer.OrdinalIgnoreCase);

    public ImdsScheduledEvent ToView() => new(
        EventId,
        Status,
        EventType,
        "VirtualMachine",
        Resources,
        Status == ImdsEventStatus.Scheduled ? NotBefore : null,
        Description,
        EventSource,
        DurationInSeconds);
}
