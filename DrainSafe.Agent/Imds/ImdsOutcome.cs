namespace DrainSafe.Agent.Imds;

/// <summary>How one IMDS call ended.</summary>
public enum ImdsOutcome
{
    /// <summary>Answered 200 with a usable body.</summary>
    Answered,

    /// <summary>Answered 200 with an empty, truncated or malformed body: no new information.</summary>
    Malformed,

    /// <summary>Answered with an error status (429, 5xx, 410, 4xx).</summary>
    ErrorStatus,

    /// <summary>No answer within the request timeout.</summary>
    TimedOut,

    /// <summary>No connection (refused, reset, DNS).</summary>
    Unreachable,
}
