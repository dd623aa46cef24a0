namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>The lowest value a numeric field accepts (<c>minimum</c> in the schema).</summary>
/// <param name="minimum">The lowest accepted value.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RangeMinimumAttribute(double minimum) : Attribute
{
    /// <summary>The lowest accepted value.</summary>
    public double Minimum { get; } = minimum;

    /// <summary>When true, <see cref="Minimum"/> itself is rejected (<c>exclusiveMinimum</c>).</summary>
    public bool ExclusiveMinimum { get; init; }
}
