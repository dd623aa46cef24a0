namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>How the API server treats a list (<c>x-kubernetes-list-type</c>).</summary>
public enum ListType
{
    /// <summary>The list is one value: replaced whole on merge (the default for lists).</summary>
    Atomic,

    /// <summary>A list of unique scalars: the API server rejects duplicates.</summary>
    Set,

    /// <summary>A list of objects keyed by one or more of their fields: the API server rejects duplicate keys.</summary>
    Map,
}
