namespace DrainSafe.Operator.Drain;

/// <summary>The answer to one eviction request.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="BlockedBy">The PodDisruptionBudget that refused it (<c>namespace/name</c>), for <see cref="EvictionResult.Blocked"/>.</param>
/// <param name="RetryAfter">What the server asked to wait, if it said.</param>
/// <param name="Message">The server's words, for status and Events.</param>
public sealed record EvictionOutcome(EvictionResult Result, string? BlockedBy = null, TimeSpan? RetryAfter = null, string? Message = null);
