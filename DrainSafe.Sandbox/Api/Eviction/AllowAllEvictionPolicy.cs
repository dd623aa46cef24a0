namespace DrainSafe.Sandbox.Api.Eviction;

/// <summary>The default policy: every eviction proceeds.</summary>
public sealed class AllowAllEvictionPolicy : IEvictionPolicy
{
    /// <summary>The shared instance.</summary>
    public static readonly AllowAllEvictionPolicy Instance = new();

    /// <inheritdoc />
    public ValueTask<EvictionDecision> EvaluateAsync(EvictionRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(EvictionDecision.Allow);
}
