namespace DrainSafe.Operator.Drain;

/// <summary>How long to wait before retrying a refused eviction: exponential from a base, jittered, capped, never zero.</summary>
public static class RetryDelay
{
    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wait before attempt <paramref name="failures"/> + 1: <paramref name="baseDelay"/> doubled per failure (from the
    /// first), times a jitter in [0.5, 1.5), capped at <see cref="Max"/>; at least the server's Retry-After when it gave one.
    /// </summary>
    /// <param name="failures">Failures so far (1 for the first retry).</param>
    /// <param name="baseDelay">The base delay (positive).</param>
    /// <param name="random">A number in [0, 1).</param>
    /// <param name="retryAfter">The server's Retry-After, if any.</param>
    public static TimeSpan Next(int failures, TimeSpan baseDelay, double random, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(failures - 1, 0, 10);
        var raw = baseDelay.TotalMilliseconds * Math.Pow(2, exponent) * (0.5 + random);
        var delay = TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(raw, Max.TotalMilliseconds)));
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
