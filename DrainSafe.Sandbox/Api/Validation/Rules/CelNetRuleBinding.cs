namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>self and oldSelf converted once for the Cel package.</summary>
internal sealed record CelNetRuleBinding(object? Self, bool HasOldSelf, object? OldSelf) : IRuleBinding;
