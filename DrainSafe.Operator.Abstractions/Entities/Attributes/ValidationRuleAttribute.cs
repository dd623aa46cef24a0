namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// A CEL rule that the API server evaluates on every write (<c>x-kubernetes-validations</c>).
/// On a class the rule applies to the schema node of that type (on the entity class: the whole
/// object, where <c>self.metadata.name</c> is readable); on a property, to that field.
/// A rule that mentions <c>oldSelf</c> is a transition rule and runs only on updates.
/// </summary>
/// <param name="rule">The CEL expression; true means valid.</param>
/// <param name="message">What the API server answers when the rule fails; names the field and the fix.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ValidationRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression.</summary>
    public string Rule { get; } = rule;

    /// <summary>The message returned when the rule fails.</summary>
    public string Message { get; } = message;

    /// <summary>An optional JSON path, relative to the node, of the field to blame (e.g. <c>.spec.nodeName</c>).</summary>
    public string? FieldPath { get; init; }

    /// <summary>
    /// An optional machine-readable reason: <c>FieldValueInvalid</c> (the API server's default),
    /// <c>FieldValueForbidden</c>, <c>FieldValueRequired</c> or <c>FieldValueDuplicate</c>.
    /// </summary>
    public string? Reason { get; init; }
}
