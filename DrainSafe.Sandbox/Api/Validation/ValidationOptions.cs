namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>How a compiled <see cref="CustomResourceSchema"/> validates objects.</summary>
/// <param name="EvaluateRules">
/// Evaluate <c>x-kubernetes-validations</c> CEL rules (true, like a real API server). Turn off to check the
/// OpenAPI keywords only.
/// </param>
public sealed record ValidationOptions(bool EvaluateRules = true)
{
    /// <summary>The behaviour of a real API server.</summary>
    public static ValidationOptions Default { get; } = new();
}
