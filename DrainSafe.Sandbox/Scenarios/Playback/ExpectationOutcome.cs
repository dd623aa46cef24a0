namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>How an expectation of a scenario came out.</summary>
public enum ExpectationOutcome
{
    /// <summary>It held.</summary>
    Held,

    /// <summary>It did not hold.</summary>
    Failed,

    /// <summary>It could not be judged (for example: it is about DrainSafe, which did not run).</summary>
    NotEvaluated,
}
