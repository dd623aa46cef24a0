namespace DrainSafe.Sandbox.Api.Store;

/// <summary>What a list selects, and paging.</summary>
public sealed record ListOptions
{
    /// <summary>Only objects in this namespace; null for all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>Label selector text; null or empty for everything.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector text; null or empty for everything.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; 0 for everything.</summary>
    public int Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>The resourceVersion to list at; null or empty for the most recent state.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>Exact</c>, <c>NotOlderThan</c>, or null/empty for the legacy meaning of <see cref="ResourceVersion"/>.</summary>
    public string? ResourceVersionMatch { get; init; }
}
