namespace DrainSafe.Sandbox.Imds;

/// <summary>How the simulated IMDS behaves across all VMs.</summary>
public sealed record ImdsOptions
{
    /// <summary>Requests a VM's IMDS admits per <see cref="RateLimitWindow"/> (Azure: about 5 per second); 0 disables the limit.</summary>
    public int RequestsPerWindow { get; init; } = 5;

    /// <summary>The sliding window of the rate limit.</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an event stays Started before it leaves the list when neither its spec nor its DurationInSeconds says.</summary>
    public TimeSpan DefaultEventDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long each VM's first call takes (Azure: up to two minutes while the service enables itself); zero by default.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    internal void Validate()
    {
        if (RequestsPerWindow < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerWindow), RequestsPerWindow, "ImdsOptions.RequestsPerWindow must be 0 (no limit) or positive.");
        }

        if (RateLimitWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RateLimitWindow), RateLimitWindow, "ImdsOptions.RateLimitWindow must be positive, e.g. 00:00:01.");
        }

        if (DefaultEventDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultEventDuration), DefaultEventDuration, "ImdsOptions.DefaultEventDuration must be positive.");
        }

        if (WarmUp < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmUp), WarmUp, "ImdsOptions.WarmUp must be zero or positive.");
        }
    }
}
