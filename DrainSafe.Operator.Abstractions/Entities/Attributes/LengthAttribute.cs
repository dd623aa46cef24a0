namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>Bounds the length of a string field (<c>minLength</c>/<c>maxLength</c> in the schema).</summary>
/// <remarks>
/// A <c>maxLength</c> also keeps the estimated cost of CEL rules that read the field low.
/// </remarks>
/// <param name="minLength">The shortest accepted length, or -1 for no lower bound.</param>
/// <param name="maxLength">The longest accepted length, or -1 for no upper bound.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class LengthAttribute(long minLength = -1, long maxLength = -1) : Attribute
{
    /// <summary>The shortest accepted length, or -1 for no lower bound.</summary>
    public long MinLength { get; } = minLength;

    /// <summary>The longest accepted length, or -1 for no upper bound.</summary>
    public long MaxLength { get; } = maxLength;
}
