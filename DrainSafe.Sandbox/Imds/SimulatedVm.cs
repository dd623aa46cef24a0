namespace DrainSafe.Sandbox.Imds;

/// <summary>The state the simulator keeps per VM. Guarded by the simulator's lock except the counters.</summary>
internal sealed class SimulatedVm(string name, string? placementGroup, RequestRateWindow? rateWindow, TimeSpan warmUp)
{
    private readonly byte[]?[] documentJson = new byte[DocumentShapes.Count][];
    private long requests;
    private long throttled;
    private int waiting;

    public string Name { get; } = name;

    public string? PlacementGroup { get; } = placementGroup;

    public long Incarnation { get; private set; } = 1;

    /// <summary>The events this VM sees, in announcement order.</summary>
    public List<SimulatedEvent> VisibleEvents { get; } = [];

    public RequestRateWindow? RateWindow { get; } = rateWindow;

    public FaultQueue Faults { get; } = new();

    public TimeSpan AddedLatency { get; set; }

    /// <summary>The warm-up the next call triggers (the service is "disabled" until then).</summary>
    public TimeSpan PendingWarmUp { get; set; } = warmUp;

    /// <summary>Calls wait until this time while the service warms up.</summary>
    public DateTimeOffset WarmUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Set while a Reboot/Redeploy keeps the VM down.</summary>
    public DateTimeOffset? DownUntil { get; set; }

    /// <summary>Set once a Preempt/Terminate has started: the VM is down and will be deleted then.</summary>
    public DateTimeOffset? DeleteAt { get; set; }

    public bool IsRemoved { get; set; }

    /// <summary>Set while an injected outage keeps the VM's IMDS from answering (the VM itself runs).</summary>
    public bool ServiceStopped { get; set; }

    public bool IsDown => DownUntil is not null || DeleteAt is not null || IsRemoved;

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Documents answered as they are (under the simulator's lock).</summary>
    public long DocumentsServed { get; set; }

    /// <summary>When the last of <see cref="DocumentsServed"/> was answered.</summary>
    public DateTimeOffset? LastDocumentServedAt { get; set; }

    public long Throttled => Interlocked.Read(ref throttled);

    public int Waiting => Volatile.Read(ref waiting);

    public void CountRequest() => Interlocked.Increment(ref requests);

    public void CountThrottled() => Interlocked.Increment(ref throttled);

    public void CountWaiting(int delta) => Interlocked.Add(ref waiting, delta);

    /// <summary>The VM's list changed: a new incarnation, and the cached JSON is stale.</summary>
    public void BumpIncarnation()
    {
        Incarnation++;
        Array.Clear(documentJson);
    }

    /// <summary>The service restarted: its DocumentIncarnation starts over at 1, its events stay.</summary>
    public void RestartIncarnation()
    {
        Incarnation = 1;
        Array.Clear(documentJson);
    }

    public byte[]? CachedJson(DocumentShape shape) => documentJson[(int)shape];

    public void CacheJson(DocumentShape shape, byte[] json) => documentJson[(int)shape] = json;

    /// <summary>Adds an event keeping announcement order; false if already visible.</summary>
    public bool See(SimulatedEvent simulatedEvent)
    {
        if (VisibleEvents.Contains(simulatedEvent))
        {
            return false;
        }

        var index = VisibleEvents.FindIndex(e => e.Sequence > simulatedEvent.Sequence);
        VisibleEvents.Insert(index < 0 ? VisibleEvents.Count : index, simulatedEvent);
        return true;
    }

    public bool Unsee(SimulatedEvent simulatedEvent) => VisibleEvents.Remove(simulatedEvent);
}
