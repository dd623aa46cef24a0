namespace DrainSafe.Agent.Imds;

/// <summary>The result of one IMDS call.</summary>
/// <typeparam name="T">What an answered call carries.</typeparam>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Value">The answer when <see cref="Outcome"/> is <see cref="ImdsOutcome.Answered"/>.</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
/// <param name="Problem">What went wrong, for the log.</param>
public sealed record ImdsAnswer<T>(ImdsOutcome Outcome, T? Value, int? StatusCode, string? Problem)
    where T : class
{
    /// <summary>The label of the <c>drainsafe_agent_imds_errors_total</c> series: the status code, or <c>timeout</c>, <c>unreachable</c>, <c>malformed</c>.</summary>
    public string ErrorLabel => Outcome switch
    {
        ImdsOutcome.ErrorStatus => StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error",
        ImdsOutcome.TimedOut => "timeout",
        ImdsOutcome.Unreachable => "unreachable",
        ImdsOutcome.Malformed => "malformed",
        _ => "none",
    };
}
