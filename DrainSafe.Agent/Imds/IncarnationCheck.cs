namespace DrainSafe.Agent.Imds;

/// <summary>
/// Whether a well-formed document is taken for what it says, judged by its DocumentIncarnation against the last one
/// taken: the pure part of reading IMDS. The incarnation is a change marker, not a clock: Azure documents that it
/// changes when the list changes, not that it only grows, and a restarted IMDS starts it over. So a document is never
/// rejected, and no event dropped or invented, on its number alone. A document whose incarnation is lower than the
/// last one is held once: a single stale answer (an old replica, a cache) is followed by a current one and changes
/// nothing; a restarted service answers low again and is then trusted for its content, its incarnation the new base.
/// </summary>
public static class IncarnationCheck
{
    /// <summary>Backward answers in a row after which a lower incarnation is trusted (the first is held).</summary>
    public const int BackwardAnswersToTrust = 2;

    /// <summary>Judges the document answered with <paramref name="answered"/>.</summary>
    /// <param name="lastTaken">The incarnation of the last document taken; null before the first.</param>
    /// <param name="backwardAnswersInARow">Backward answers held since the last document taken.</param>
    /// <param name="answered">The incarnation of the document just answered.</param>
    public static IncarnationVerdict Judge(long? lastTaken, int backwardAnswersInARow, long answered)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backwardAnswersInARow);
        if (lastTaken is not { } last || answered >= last)
        {
            return new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: false);
        }

        var inARow = backwardAnswersInARow + 1;
        return inARow >= BackwardAnswersToTrust
            ? new IncarnationVerdict(Take: true, BackwardAnswersInARow: 0, WentBackwards: true)
            : new IncarnationVerdict(Take: false, BackwardAnswersInARow: inARow, WentBackwards: true);
    }
}

/// <summary>What <see cref="IncarnationCheck.Judge"/> decided.</summary>
/// <param name="Take">Take the document for what it says (else keep the last one taken).</param>
/// <param name="BackwardAnswersInARow">The count to pass to the next judgement.</param>
/// <param name="WentBackwards">The incarnation was lower than the last one taken.</param>
public readonly record struct IncarnationVerdict(bool Take, int BackwardAnswersInARow, bool WentBackwards);
