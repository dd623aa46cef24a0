using DrainSafe.Sandbox.World.Maintenance;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>What happened to one node during one Azure event of a scenario, with the times it happened.</summary>
public sealed class NodeEventHistory
{
    internal NodeEventHistory(string nodeName, string vmName, string stepId, string eventType, string eventId, DateTimeOffset announcedAt,
        bool wasCordonedBefore, bool appearedStarted)
    {
        AppearedStarted = appearedStarted;
        NodeName = nodeName;
        VmName = vmName;
        StepId = stepId;
        EventType = eventType;
        EventId = eventId;
        AnnouncedAt = announcedAt;
        WasCordonedBefore = wasCordonedBefore;
    }

    /// <summary>The node.</summary>
    public string NodeName { get; }

    /// <summary>Its VM, as the event lists it.</summary>
    public string VmName { get; }

    /// <summary>The timeline step that announced the event.</summary>
    public string StepId { get; }

    /// <summary>The event type.</summary>
    public string EventType { get; }

    /// <summary>The IMDS EventId.</summary>
    public string EventId { get; }

    /// <summary>When Azure announced it.</summary>
    public DateTimeOffset AnnouncedAt { get; }

    /// <summary>The node was already cordoned (by an administrator) when the event was announced.</summary>
    public bool WasCordonedBefore { get; }

    /// <summary>The event appeared already Started (a hardware failure: no notice at all).</summary>
    public bool AppearedStarted { get; }

    /// <summary>The event's NotBefore as first seen.</summary>
    public DateTimeOffset? NotBefore { get; internal set; }

    /// <summary>When the event was seen Started.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>When it left the list.</summary>
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>It left the list without ever starting (Azure withdrew it).</summary>
    public bool Cancelled => EndedAt is not null && StartedAt is null;

    /// <summary>When the node was cordoned during the event (not counting an admin's cordon from before).</summary>
    public DateTimeOffset? CordonedAt { get; internal set; }

    /// <summary>When the cordoned node had no evictable pod left, before the event started.</summary>
    public DateTimeOffset? DrainedAt { get; internal set; }

    /// <summary>When the event was approved through IMDS.</summary>
    public DateTimeOffset? ApprovedAt { get; internal set; }

    /// <summary>Evictions the API server allowed for pods of this node while the event was pending.</summary>
    public int PodsEvicted { get; internal set; }

    /// <summary>Evictions of pods of this node that a PDB refused (429) while the event was pending.</summary>
    public int PdbWaits { get; internal set; }

    /// <summary>The PDBs that refused them.</summary>
    public ISet<string> BlockedBy { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>The VM going down (with the pods on the node at that moment), if it did.</summary>
    public VmImpactObservation? Impact { get; internal set; }

    /// <summary>When the VM came back.</summary>
    public DateTimeOffset? UpAt { get; internal set; }

    /// <summary>When the VM (and its node) was deleted.</summary>
    public DateTimeOffset? DeletedAt { get; internal set; }

    /// <summary>When the node stopped taking pods: cordoned, or down.</summary>
    public DateTimeOffset? OutOfServiceAt => CordonedAt is { } cordoned && (Impact is null || cordoned <= Impact.At) ? cordoned : Impact?.At ?? CordonedAt;

    /// <summary>When it was Ready and as schedulable as before again, after being out of service.</summary>
    public DateTimeOffset? BackInServiceAt { get; internal set; }

    /// <summary>
    /// How long before its NotBefore the maintenance started (zero when it started at or after NotBefore); null when it
    /// never started, or appeared already Started with no NotBefore to compare with.
    /// </summary>
    public TimeSpan? StartedBeforeNotBefore => this is { StartedAt: { } started, NotBefore: { } due } && !AppearedStarted
        ? due > started ? due - started : TimeSpan.Zero
        : null;

    /// <summary>Evictable pods still on the node when the VM went down (a drain should have moved them).</summary>
    public int PodsKilled => Impact?.EvictablePods.Count() ?? 0;
}
