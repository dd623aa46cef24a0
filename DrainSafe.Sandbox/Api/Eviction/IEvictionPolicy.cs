namespace DrainSafe.Sandbox.Api.Eviction;

/// <summary>
/// Decides whether a <c>pods/eviction</c> request may proceed (the simulated world plugs PDB rules in here).
/// When it allows, the server deletes the pod honouring the request's DeleteOptions.
/// </summary>
public interface IEvictionPolicy
{
    /// <summary>Allows or rejects one eviction.</summary>
    ValueTask<EvictionDecision> EvaluateAsync(EvictionRequest request, CancellationToken cancellationToken);
}
