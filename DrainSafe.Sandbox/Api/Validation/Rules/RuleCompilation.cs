namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>The outcome of compiling a rule: a program, or an error text like cel-go's.</summary>
internal sealed record RuleCompilation(IRuleProgram? Program, bool UsesOldSelf, string? Error);
