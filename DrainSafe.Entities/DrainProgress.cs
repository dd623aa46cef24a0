using DrainSafe.Operator.Abstractions.Entities.Attributes;

namespace DrainSafe.Entities;

/// <summary>Progress of the drain of the node. Written by the operator.</summary>
[Description("Progress of the node's drain.")]
public sealed record DrainProgress
{
    /// <summary>When the drain began.</summary>
    [Description("When the drain began.")]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When pods must be gone, derived from the event's NotBefore; the blocked-pod policy applies after it.</summary>
    [Description("When the pods must be gone, derived from the event's notBefore. What happens to pods still blocked then is the configured policy.")]
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Pods to evict when the drain began.</summary>
    [RangeMinimum(0)]
    [Description("Pods to evict when the drain began.")]
    public int TotalPods { get; set; }

    /// <summary>Pods evicted so far.</summary>
    [RangeMinimum(0)]
    [Description("Pods evicted so far.")]
    public int EvictedPods { get; set; }

    /// <summary>Evictable pods still on the node.</summary>
    [RangeMinimum(0)]
    [AdditionalPrinterColumn("Pods Left")]
    [Description("Evictable pods still on the node.")]
    public int RemainingPods { get; set; }

    /// <summary>The pods still to go, as <c>namespace/name</c>.</summary>
    [Description("The pods still to go, as namespace/name.")]
    public IList<string> PendingPods { get; set; } = [];

    /// <summary>The PodDisruptionBudgets that refuse evictions, as <c>namespace/name</c>.</summary>
    [AdditionalPrinterColumn("Blocked By", Type = "string")]
    [Description("The PodDisruptionBudgets refusing evictions, as namespace/name.")]
    public IList<string> BlockedBy { get; set; } = [];
}
