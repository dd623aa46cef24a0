namespace DrainSafe.Agent.Retry;

/// <summary>
/// Exponential backoff with jitter for one kind of call: after the n-th consecutive failure the next attempt waits
/// between half and all of <c>initial * 2^(n-1)</c>, capped at the maximum ("equal jitter", so agents on many nodes
/// that failed together do not retry together). A success resets it.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeSpan initial;
    private readonly TimeSpan maximum;
    private readonly TimeProvider time;
    private readonly Func<double> random;

    /// <summary>Creates a backoff that has not failed yet.</summary>
    /// <param name="initial">The delay range after the first failure is [initial/2, initial].</param>
    /// <param name="maximum">The cap of the delay.</param>
    /// <param name="time">The clock that says when the next attempt is due.</param>
    /// <param name="random">A number in [0, 1) per failure; default <see cref="Random.Shared"/>.</param>
    public RetryBackoff(TimeSpan initial, TimeSpan maximum, TimeProvider time, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        ArgumentNullException.ThrowIfNull(time);
        this.initial = initial;
        this.maximum = maximum;
        this.time = time;
        this.random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Consecutive failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>When the next attempt may be made; <see cref="DateTimeOffset.MinValue"/> when not failing.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>True when an attempt may be made now.</summary>
    public bool IsDue => time.GetUtcNow() >= NextAttemptAt;

    /// <summary>The delay after <paramref name="failures"/> consecutive failures, for a jitter draw in [0, 1).</summary>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan maximum, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var exponent = Math.Min(failures - 1, 30);
        var ceiling = Math.Min(initial.Ticks * Math.Pow(2, exponent), maximum.Ticks);
        return TimeSpan.FromTicks((long)(ceiling / 2 + (ceiling / 2 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>Records a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan RecordFailure()
    {
        Failures++;
        var delay = Delay(Failures, initial, maximum, random());
        NextAttemptAt = time.GetUtcNow() + delay;
        return delay;
    }

    /// <summary>Records a success: the next attempt is due at once and the delay starts over.</summary>
    public void RecordSuccess()
    {
        Failures = 0;
        NextAttemptAt = DateTimeOffset.MinValue;
    }
}
