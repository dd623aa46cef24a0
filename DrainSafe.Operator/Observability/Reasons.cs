namespace DrainSafe.Operator.Observability;

/// <summary>The stable reasons of the Kubernetes Events DrainSafe publishes on Nodes and NodeMaintenances.</summary>
public static class Reasons
{
    /// <summary>An actionable event lists the node's VM.</summary>
    public const string MaintenanceScheduled = "MaintenanceScheduled";

    /// <summary>The event is further ahead than the drain lead time; DrainSafe waits.</summary>
    public const string WaitingForLeadTime = "WaitingForLeadTime";

    /// <summary>The concurrency limit holds the node back.</summary>
    public const string WaitingForSlot = "WaitingForSlot";

    /// <summary>DrainSafe cordoned the node.</summary>
    public const string Cordoned = "Cordoned";

    /// <summary>The node was already cordoned by someone else; DrainSafe uses it as it is and will leave it cordoned.</summary>
    public const string AlreadyCordoned = "AlreadyCordoned";

    /// <summary>The drain began.</summary>
    public const string DrainStarted = "DrainStarted";

    /// <summary>A PodDisruptionBudget refuses an eviction (Warning).</summary>
    public const string EvictionBlocked = "EvictionBlocked";

    /// <summary>Pods the policy refuses to evict hold the drain up (Warning).</summary>
    public const string EvictionRefused = "EvictionRefused";

    /// <summary>Every evictable pod is gone.</summary>
    public const string Drained = "Drained";

    /// <summary>The drain deadline passed with pods left (Warning).</summary>
    public const string DrainDeadlineExceeded = "DrainDeadlineExceeded";

    /// <summary>The event may be approved: every listed node is drained.</summary>
    public const string Approvable = "Approvable";

    /// <summary>Azure reports the maintenance Started.</summary>
    public const string MaintenanceStarted = "MaintenanceStarted";

    /// <summary>The event left the list while still Scheduled: Azure cancelled it.</summary>
    public const string MaintenanceCancelled = "MaintenanceCancelled";

    /// <summary>The maintenance is over.</summary>
    public const string MaintenanceCompleted = "MaintenanceCompleted";

    /// <summary>DrainSafe made the node schedulable again.</summary>
    public const string Uncordoned = "Uncordoned";

    /// <summary>The node stays cordoned: DrainSafe did not cordon it, or another remediator claims it.</summary>
    public const string CordonKept = "CordonKept";

    /// <summary>Someone uncordoned the node during the maintenance; DrainSafe leaves it alone until the event ends.</summary>
    public const string CordonReleased = "CordonReleased";

    /// <summary>Dry run: what DrainSafe would have done.</summary>
    public const string DryRun = "DryRun";
}
