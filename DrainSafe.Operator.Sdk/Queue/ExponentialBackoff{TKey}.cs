namespace DrainSafe.Operator.Sdk.Queue;

/// <summary>
/// Per-key retry delays: base × 2^failures, capped at the maximum, each shortened by a bounded random jitter.
/// Thread-safe.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class ExponentialBackoff<TKey>
    where TKey : notnull
{
    private static readonly RetryBackoffSettingsValidator SettingsRules = new();

    private readonly RetryBackoffSettings settings;
    private readonly Func<double> random;
    private readonly Dictionary<TKey, int> failures = new();
    private readonly Lock gate = new();

    /// <summary>Creates a backoff with these settings.</summary>
    /// <param name="settings">Base, maximum and jitter.</param>
    /// <param name="random">A source of values in [0, 1) for jitter; tests pass a fixed one.</param>
    public ExponentialBackoff(RetryBackoffSettings settings, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Options.SettingsValidation.ThrowIfInvalid(SettingsRules, settings);
        this.settings = settings;
        this.random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Records a failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    /// <param name="key">The key that failed.</param>
    public TimeSpan NextDelay(TKey key)
    {
        int exponent;
        lock (gate)
        {
            failures.TryGetValue(key, out exponent);
            failures[key] = exponent == int.MaxValue ? exponent : exponent + 1;
        }

        return Jitter(NominalDelay(exponent));
    }

    /// <summary>The un-jittered delay after <paramref name="previousFailures"/> earlier failures.</summary>
    /// <param name="previousFailures">How many failures came before this one.</param>
    public TimeSpan NominalDelay(int previousFailures)
    {
        // Beyond 2^62 ticks the product overflows long; the cap is reached long before.
        var factor = Math.Pow(2, Math.Min(previousFailures, 62));
        var ticks = settings.BaseDelay.Ticks * factor;
        return ticks >= settings.MaxDelay.Ticks ? settings.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How many times <paramref name="key"/> has failed since it was last forgotten.</summary>
    /// <param name="key">The key.</param>
    public int Failures(TKey key)
    {
        lock (gate)
        {
            return failures.TryGetValue(key, out var count) ? count : 0;
        }
    }

    /// <summary>Resets <paramref name="key"/>: its next failure waits the base delay again.</summary>
    /// <param name="key">The key that succeeded.</param>
    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    private TimeSpan Jitter(TimeSpan nominal)
    {
        var sample = Math.Clamp(random(), 0, 1);
        var shortened = nominal.Ticks * (1 - (settings.JitterFraction * sample));
        return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(shortened)));
    }
}
