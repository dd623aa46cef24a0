namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// The deadline of the work the current API calls serve, carried with the async flow: the client-side rate limit
/// (<see cref="PriorityRateLimitHandler"/>) lets the call with the earliest deadline go first, so a spot preemption with
/// 30 s notice is never queued behind a reboot due in 15 minutes.
/// </summary>
public static class RequestPriority
{
    private static readonly AsyncLocal<DateTimeOffset?> Current = new();

    /// <summary>The deadline of the calls made in the current flow; null when none was set (they go last).</summary>
    public static DateTimeOffset? Deadline => Current.Value;

    /// <summary>Marks the calls made until the result is disposed as serving work due at <paramref name="deadline"/>.</summary>
    /// <param name="deadline">When the work must be done; null for no deadline.</param>
    public static IDisposable Until(DateTimeOffset? deadline)
    {
        var previous = Current.Value;
        Current.Value = deadline;
        return new Restore(previous);
    }

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
