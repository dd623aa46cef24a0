namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>The highest value a numeric field accepts (<c>maximum</c> in the schema).</summary>
/// <param name="maximum">The highest accepted value.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RangeMaximumAttribute(double maximum) : Attribute
{
    /// <summary>The highest accepted value.</summary>
    public double Maximum { get; } = maximum;

    /// <summary>When true, <see cref="Maximum"/> itself is rejected (<c>exclusiveMaximum</c>).</summary>
    public bool ExclusiveMaximum { get; init; }
}
