namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Shows a field as a column of <c>kubectl get</c>. The column's JSON path is the property's position
/// in the resource (e.g. <c>.status.drain.remainingPods</c>); its type follows the property's type
/// unless <see cref="Type"/> overrides it.
/// </summary>
/// <remarks>
/// kubectl prints a <c>date</c> column as an age and a future time as <c>&lt;invalid&gt;</c>:
/// set <see cref="Type"/> to <c>string</c> for times that can lie ahead.
/// </remarks>
/// <param name="name">The column header; kubectl prints it in capitals.</param>
/// <param name="priority">0 for the default view, 1 or more for <c>-o wide</c> only.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class AdditionalPrinterColumnAttribute(string name, int priority = 0) : Attribute
{
    /// <summary>The column header.</summary>
    public string Name { get; } = name;

    /// <summary>0 for the default view, 1 or more for <c>-o wide</c> only.</summary>
    public int Priority { get; } = priority;

    /// <summary>
    /// The column type (<c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>);
    /// null to derive it from the property's type.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>An optional OpenAPI format for the column, e.g. <c>int32</c>.</summary>
    public string? Format { get; init; }

    /// <summary>A description of the column; null to use the field's description.</summary>
    public string? Description { get; init; }
}
