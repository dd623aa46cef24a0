namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Declares a list as a set or a map (<c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c>),
/// so that the API server enforces unique items or unique keys.
/// </summary>
/// <param name="listType">How the API server treats the list.</param>
/// <param name="mapKeys">For <see cref="ListType.Map"/>: the JSON names of the key fields, which must be required.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ListTypeAttribute(ListType listType, params string[] mapKeys) : Attribute
{
    /// <summary>How the API server treats the list.</summary>
    public ListType ListType { get; } = listType;

    /// <summary>For <see cref="ListType.Map"/>: the JSON names of the key fields.</summary>
    public IReadOnlyList<string> MapKeys { get; } = mapKeys;
}
