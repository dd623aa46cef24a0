namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>A compiled CEL expression.</summary>
internal interface IRuleProgram
{
    /// <summary>
    /// Evaluates against a binding. With <paramref name="optionalOldSelf"/>, <c>oldSelf</c> is an optional value
    /// (<c>oldSelf.hasValue()</c>, <c>oldSelf.value()</c>, <c>oldSelf.orValue(x)</c>).
    /// </summary>
    RuleEvaluation Evaluate(IRuleBinding binding, bool optionalOldSelf);

    /// <summary>Evaluates with named variables already converted to CEL values (an admission policy's activation).</summary>
    RuleEvaluation Evaluate(IReadOnlyDictionary<string, object?> variables);
}
