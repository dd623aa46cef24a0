namespace DrainSafe.Operator.Drain;

/// <summary>How one eviction (or deletion) request ended.</summary>
public enum EvictionResult
{
    /// <summary>Accepted: the pod is terminating.</summary>
    Evicted,

    /// <summary>The pod was already gone (404), or was replaced by another with the same name (UID precondition failed).</summary>
    Gone,

    /// <summary>429: a PodDisruptionBudget refuses it now (or is not yet observed); retry later.</summary>
    Blocked,

    /// <summary>The pod is covered by more than one PodDisruptionBudget: the API cannot evict it; a person must fix the budgets.</summary>
    MultipleBudgets,

    /// <summary>Anything else; retried with backoff.</summary>
    Failed,
}
