namespace DrainSafe.Operator.Abstractions.Watch;

/// <summary>
/// Whether a watch that has just ended or failed had been healthy. A healthy watch's end is a new trouble: the reconnect
/// backoff starts over, so watches dropped every few seconds (a load balancer, an API server rollout) reconnect within
/// the base delay each time instead of climbing to the maximum and leaving the cache blind for that long. A watch that
/// delivered nothing and lived only briefly counts as a failure, so a server that closes every watch at once is not
/// hammered.
/// </summary>
public static class WatchHealth
{
    /// <summary>A watch open at least this long was healthy even if nothing changed meanwhile.</summary>
    public static readonly TimeSpan HealthyLifetime = TimeSpan.FromSeconds(1);

    /// <summary>Whether the watch was healthy.</summary>
    /// <param name="lines">Events and bookmarks it delivered.</param>
    /// <param name="openFor">How long it was open after the server answered; null if it never opened.</param>
    public static bool WasHealthy(int lines, TimeSpan? openFor) => lines > 0 || openFor >= HealthyLifetime;
}
