namespace DrainSafe.Operator.Sdk.Queue;

/// <summary>How failed keys are retried: capped, jittered exponential backoff per key.</summary>
public sealed class RetryBackoffSettings
{
    /// <summary>The delay after the first failure. Default 5 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest delay between retries. Default 5 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much of each delay is randomised, from 0 (none) to below 1: a delay d becomes a value in
    /// (d × (1 - JitterFraction), d]. Default 0.2.
    /// </summary>
    public double JitterFraction { get; set; } = 0.2;
}
