using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Eviction;

/// <summary>The answer of an <see cref="IEvictionPolicy"/>: allow, or reject with a Status.</summary>
public sealed record EvictionDecision
{
    private EvictionDecision(ApiStatus? rejection)
    {
        Rejection = rejection;
    }

    /// <summary>The decision that lets the eviction delete the pod.</summary>
    public static EvictionDecision Allow { get; } = new((ApiStatus?)null);

    /// <summary>The Status answered instead of evicting, or null when allowed.</summary>
    public ApiStatus? Rejection { get; }

    /// <summary>True when the eviction may proceed.</summary>
    public bool IsAllowed => Rejection is null;

    /// <summary>Rejects with any Status (for example 500 for a pod with two PDBs).</summary>
    public static EvictionDecision Reject(ApiStatus status) => new(status);

    /// <summary>Rejects with 429 TooManyRequests and a DisruptionBudget cause, like a PDB that allows no disruption.</summary>
    public static EvictionDecision DisruptionBudget(string causeMessage) => new(
        new ApiStatus(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.")
        {
            Causes = [new StatusCause("DisruptionBudget", causeMessage)],
        });
}
