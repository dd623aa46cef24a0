namespace DrainSafe.Operator.Sdk.Health;

/// <summary>The tags that route health checks to the probes.</summary>
public static class HealthTags
{
    /// <summary>Checks that fail <c>/healthz</c> (and therefore <c>/readyz</c>).</summary>
    public const string Live = "live";

    /// <summary>Checks that fail only <c>/readyz</c>.</summary>
    public const string Ready = "ready";
}
