using DrainSafe.Entities;

namespace DrainSafe.Operator.Options;

/// <summary>
/// The operator's policy, bound from the configuration section <see cref="Section"/> (appsettings, environment variables
/// such as <c>DrainSafe__DrainLeadTime=00:20:00</c>, or command-line <c>--DrainSafe:DryRun=true</c>) and validated at start.
/// </summary>
public sealed class DrainSafeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DrainSafe";

    /// <summary>
    /// What to do per event type. Missing types take the defaults: Freeze none (a pause of seconds that keeps memory),
    /// Reboot, Redeploy, Preempt and Terminate drain, and a type this version does not know drains.
    /// </summary>
    public Dictionary<ScheduledEventType, EventAction> EventActions { get; set; } = [];

    /// <summary>Start handling an event only when its NotBefore is at most this far ahead, so an event days ahead does not cordon early. Default 30 min.</summary>
    public TimeSpan DrainLeadTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest a drain may take, for events without NotBefore (already Started) too. Default 15 min.</summary>
    public TimeSpan MaxDrainTime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The drain deadline is NotBefore minus this margin. Default 5 s.</summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What happens to the pods left at the deadline. Default <see cref="DeadlinePolicy.DeleteRemaining"/>.</summary>
    public DeadlinePolicy DeadlinePolicy { get; set; } = DeadlinePolicy.DeleteRemaining;

    /// <summary>Evict pods with emptyDir volumes (their data is lost). Default true: maintenance loses or risks it anyway.</summary>
    public bool DeleteEmptyDirData { get; set; } = true;

    /// <summary>Evict pods that no controller manages (they are not re-created). Default true: they would die in the maintenance anyway.</summary>
    public bool EvictUnmanagedPods { get; set; } = true;

    /// <summary>Pods already terminating for longer than this no longer hold the drain up. Default 5 min.</summary>
    public TimeSpan TerminatingPodTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pods matching this label selector are never evicted (for example <c>drainsafe.azure.com/never-evict=true</c>). Default none.</summary>
    public string? NeverEvictSelector { get; set; }

    /// <summary>Pods carrying this annotation (any value but <c>false</c>) are never evicted.</summary>
    public string NeverEvictAnnotation { get; set; } = NodeMaintenance.GroupName + "/never-evict";

    /// <summary>Also put the taint <c>drainsafe.azure.com/maintenance=&lt;EventType&gt;:NoSchedule</c> on a node DrainSafe cordons. Default false.</summary>
    public bool CordonTaint { get; set; }

    /// <summary>
    /// The most nodes cordoned for maintenance at once: a count (<c>3</c>) or a percentage of the cluster's nodes (<c>10%</c>).
    /// Null (default) for no limit. Earliest NotBefore goes first; an event due within <see cref="UrgentWithin"/> is never held back.
    /// </summary>
    public string? MaxConcurrentNodes { get; set; }

    /// <summary>An event due within this long is never held back by <see cref="MaxConcurrentNodes"/>. Default 5 min.</summary>
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Mark events approvable once every listed node is drained (the agent then approves them with Azure). Default true.</summary>
    public bool ApprovalEnabled { get; set; } = true;

    /// <summary>Let an event that lists VMs which are not nodes of this cluster be approved anyway. Default false: they block approval.</summary>
    public bool ApproveUnknownResources { get; set; }

    /// <summary>Approve a user-initiated event (EventSource User) as soon as this node is drained. Default true.</summary>
    public bool ApproveUserEventsWhenDrained { get; set; } = true;

    /// <summary>Say what would happen (Events and status) and change nothing: no cordon, no eviction, no approval. Default false.</summary>
    public bool DryRun { get; set; }

    /// <summary>Evictions in flight at once on one node. Default 16.</summary>
    public int EvictionParallelism { get; set; } = 16;

    /// <summary>The base delay before a refused (429) eviction is retried; jittered and never zero. Default 2 s.</summary>
    public TimeSpan EvictionRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>API requests per second of the whole operator (watches excepted), served earliest deadline first. Default 200.</summary>
    public double ApiQps { get; set; } = 200;

    /// <summary>API requests allowed in a burst above <see cref="ApiQps"/>. Default 400.</summary>
    public int ApiBurst { get; set; } = 400;

    /// <summary>The action for <paramref name="type"/>: the configured one, or the default.</summary>
    /// <param name="type">The event type.</param>
    public EventAction ActionFor(ScheduledEventType type) =>
        EventActions.TryGetValue(type, out var action) ? action : type == ScheduledEventType.Freeze ? EventAction.None : EventAction.Drain;
}
