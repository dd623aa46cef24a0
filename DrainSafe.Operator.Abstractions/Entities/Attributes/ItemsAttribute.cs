namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>Bounds the number of items of a list field (<c>minItems</c>/<c>maxItems</c> in the schema).</summary>
/// <param name="minItems">The fewest accepted items, or -1 for no lower bound.</param>
/// <param name="maxItems">The most accepted items, or -1 for no upper bound.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ItemsAttribute(long minItems = -1, long maxItems = -1) : Attribute
{
    /// <summary>The fewest accepted items, or -1 for no lower bound.</summary>
    public long MinItems { get; } = minItems;

    /// <summary>The most accepted items, or -1 for no upper bound.</summary>
    public long MaxItems { get; } = maxItems;
}
