namespace DrainSafe.Operator.Drain;

/// <summary>When a drain must be over, and how much grace a pod may still be given.</summary>
public static class DrainDeadline
{
    /// <summary>The grace period of a pod that asks for none (the API's default).</summary>
    public const long DefaultGracePeriodSeconds = 30;

    /// <summary>
    /// The deadline of a drain that started at <paramref name="start"/>: NotBefore minus the margin, and never later than
    /// the maximum drain time; the maximum alone for an event that has no NotBefore (already Started).
    /// </summary>
    /// <param name="start">When the drain began.</param>
    /// <param name="notBefore">The event's NotBefore, if it has one.</param>
    /// <param name="margin">The margin before NotBefore.</param>
    /// <param name="maxDrainTime">The longest a drain may take.</param>
    public static DateTimeOffset Of(DateTimeOffset start, DateTimeOffset? notBefore, TimeSpan margin, TimeSpan maxDrainTime)
    {
        var latest = start + maxDrainTime;
        return notBefore is { } due && due - margin < latest ? due - margin : latest;
    }

    /// <summary>
    /// The grace period to ask for so that a pod evicted at <paramref name="now"/> is gone by <paramref name="endBy"/>:
    /// null when its own grace already fits, otherwise the whole seconds left (at least 1).
    /// </summary>
    /// <param name="podGracePeriodSeconds">The pod's terminationGracePeriodSeconds; null for the default 30 s.</param>
    /// <param name="endBy">When the pod must be gone.</param>
    /// <param name="now">The time of the eviction.</param>
    public static long? CapGracePeriod(long? podGracePeriodSeconds, DateTimeOffset endBy, DateTimeOffset now)
    {
        var own = podGracePeriodSeconds ?? DefaultGracePeriodSeconds;
        var left = (long)Math.Floor((endBy - now).TotalSeconds);
        return own <= left ? null : Math.Max(1, left);
    }
}
