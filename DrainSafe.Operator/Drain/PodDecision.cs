namespace DrainSafe.Operator.Drain;

/// <summary>The drain's verdict on one pod, with the reason a user reads in status and Events.</summary>
/// <param name="Verdict">What to do.</param>
/// <param name="Reason">Why, in a few words.</param>
public sealed record PodDecision(PodVerdict Verdict, string Reason)
{
    /// <summary>Evict: nothing prevents it.</summary>
    public static PodDecision Evictable { get; } = new(PodVerdict.Evict, "evictable");
}
