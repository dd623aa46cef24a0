namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>The variables (<c>self</c>, <c>oldSelf</c>) of one schema node, ready for an engine's programs.</summary>
internal interface IRuleBinding
{
}
