namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>The value a rule produced, or the evaluation error (cel-go wording: "no such key: x").</summary>
internal readonly record struct RuleEvaluation(object? Value, string? Error)
{
    public static RuleEvaluation Failed(string error) => new(null, error);
}
