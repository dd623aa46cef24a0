namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// The field must be present: it is listed in <c>required</c> of the enclosing object's schema,
/// and the API server rejects objects without it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RequiredAttribute : Attribute;
