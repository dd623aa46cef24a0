namespace DrainSafe.Sandbox.Api.Selection;

/// <summary>One field selector requirement: <c>Field = Value</c>, or <c>Field != Value</c> when negated.</summary>
public sealed record FieldRequirement(string Field, string Value, bool Negate);
