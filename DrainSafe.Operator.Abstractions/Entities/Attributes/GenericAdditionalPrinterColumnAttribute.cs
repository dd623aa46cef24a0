namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// A <c>kubectl get</c> column with an explicit JSON path, for fields that the entity class does not
/// declare itself (e.g. <c>.metadata.creationTimestamp</c> for AGE). Listed after the columns that
/// come from <see cref="AdditionalPrinterColumnAttribute"/>, in declaration order.
/// </summary>
/// <param name="jsonPath">A simple JSON path from the object's root, e.g. <c>.metadata.creationTimestamp</c>.</param>
/// <param name="name">The column header.</param>
/// <param name="type">The column type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GenericAdditionalPrinterColumnAttribute(string jsonPath, string name, string type) : Attribute
{
    /// <summary>A simple JSON path from the object's root.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>The column header.</summary>
    public string Name { get; } = name;

    /// <summary>The column type.</summary>
    public string Type { get; } = type;

    /// <summary>0 for the default view, 1 or more for <c>-o wide</c> only.</summary>
    public int Priority { get; init; }

    /// <summary>An optional description of the column.</summary>
    public string? Description { get; init; }

    /// <summary>An optional OpenAPI format for the column.</summary>
    public string? Format { get; init; }
}
