namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// The CEL implementation behind <c>x-kubernetes-validations</c>: compiles rule text and binds a schema node's
/// value to <c>self</c>/<c>oldSelf</c>. Everything CEL-library specific stays behind this interface.
/// </summary>
internal interface IRuleEngine
{
    /// <summary>Parses and checks an expression; a failure carries cel-go style error text.</summary>
    RuleCompilation Compile(string expression);

    /// <summary>Converts the values a node's rules see; one binding serves every rule of the node.</summary>
    IRuleBinding Bind(RuleScope scope);
}
