using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>One entry of a policy's validations.</summary>
internal sealed record PolicyValidation(string Expression, IRuleProgram Program, string? Message, IRuleProgram? MessageProgram, string? Reason);
