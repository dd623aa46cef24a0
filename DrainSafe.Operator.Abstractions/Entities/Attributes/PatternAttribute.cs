namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>A string field must match an ECMA-262 regular expression (<c>pattern</c> in the schema).</summary>
/// <param name="regex">The regular expression, usually anchored with <c>^</c> and <c>$</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PatternAttribute(string regex) : Attribute
{
    /// <summary>The regular expression.</summary>
    public string RegularExpression { get; } = regex;
}
