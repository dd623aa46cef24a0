namespace DrainSafe.Operator.Drain;

/// <summary>What one node's drain has done so far, as the reconciler copies it into <c>status.drain</c>.</summary>
/// <param name="Phase">Where the drain stands.</param>
/// <param name="TotalPods">Pods the drain has had to remove, counting ones that appeared later.</param>
/// <param name="EvictedPods">Pods this drain evicted or deleted (plus those evicted before a restart).</param>
/// <param name="PendingPods">Pods still to go, as <c>namespace/name</c>.</param>
/// <param name="BlockedBy">PodDisruptionBudgets refusing evictions now, as <c>namespace/name</c>.</param>
/// <param name="Refused">Pods the policy refuses to evict, with the reason.</param>
/// <param name="DeadlinePassed">True once the deadline has passed and its policy was applied.</param>
/// <param name="LastError">The latest eviction error that was not a budget refusal.</param>
public sealed record DrainSnapshot(
    DrainPhase Phase,
    int TotalPods,
    int EvictedPods,
    IReadOnlyList<string> PendingPods,
    IReadOnlyList<string> BlockedBy,
    IReadOnlyList<string> Refused,
    bool DeadlinePassed,
    string? LastError)
{
    /// <summary>No drain runs.</summary>
    public static DrainSnapshot NotRunning { get; } = new(DrainPhase.NotRunning, 0, 0, [], [], [], false, null);
}
