namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>What the work queue does with a key after one pass of the reconcile pipeline.</summary>
/// <param name="Succeeded">True resets the key's backoff; false records a failure.</param>
/// <param name="After">
/// When to process the key again: null after a success means only on the next change; null after a
/// failure means after the key's exponential backoff.
/// </param>
public readonly record struct ReconcileOutcome(bool Succeeded, TimeSpan? After)
{
    /// <summary>Done until something changes.</summary>
    public static ReconcileOutcome Done => new(true, null);

    /// <summary>Done; look again after <paramref name="delay"/>.</summary>
    /// <param name="delay">The requeue delay.</param>
    public static ReconcileOutcome Requeue(TimeSpan delay) => new(true, delay);

    /// <summary>Failed; retry after <paramref name="delay"/>, or after the backoff when null.</summary>
    /// <param name="delay">An explicit retry delay, or null for the backoff.</param>
    public static ReconcileOutcome Retry(TimeSpan? delay = null) => new(false, delay);
}
