namespace DrainSafe.Operator.Drain;

/// <summary>What the drain does with one pod.</summary>
public enum PodVerdict
{
    /// <summary>Evict it (or delete it, for a finished pod).</summary>
    Evict,

    /// <summary>Leave it on the node; it does not hold the drain up (DaemonSet, mirror, never-evict).</summary>
    Skip,

    /// <summary>It is already terminating: wait for it to go.</summary>
    WaitForTermination,

    /// <summary>The policy refuses to evict it, so the node cannot be drained (like kubectl without --force).</summary>
    Refuse,
}
