namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Leaves a property out of the generated schema. The API server prunes fields the schema does not
/// declare, so pair it with <c>[JsonIgnore]</c> for values that exist only in memory.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class IgnoreAttribute : Attribute;
