using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>A matchCondition or a variable: a name and its compiled expression.</summary>
internal sealed record NamedExpression(string Name, string Expression, IRuleProgram Program);
