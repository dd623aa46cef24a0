namespace DrainSafe.Operator.Options;

/// <summary>What happens to the pods still on a node when its drain deadline passes.</summary>
public enum DeadlinePolicy
{
    /// <summary>
    /// Delete them gracefully, ignoring their PodDisruptionBudgets, with grace periods that still end before NotBefore:
    /// the VM is about to go down, so they would die anyway. A Warning Event names them.
    /// </summary>
    DeleteRemaining,

    /// <summary>Leave them running and report them (status and a Warning Event); the node is not approved.</summary>
    Report,
}
