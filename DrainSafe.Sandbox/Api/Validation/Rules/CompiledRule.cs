namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>An x-kubernetes-validations entry ready to run.</summary>
/// <param name="Rule">The rule as written.</param>
/// <param name="Program">The compiled rule.</param>
/// <param name="UsesOldSelf">A transition rule: only evaluated when an old value exists (unless optionalOldSelf).</param>
/// <param name="MessageProgram">The compiled messageExpression, if any.</param>
/// <param name="FieldPath">The rule's fieldPath, normalized to a relative field path (empty when unset).</param>
internal sealed record CompiledRule(
    ValidationRule Rule,
    IRuleProgram Program,
    bool UsesOldSelf,
    IRuleProgram? MessageProgram,
    string FieldPath);
