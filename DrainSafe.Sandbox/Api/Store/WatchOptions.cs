namespace DrainSafe.Sandbox.Api.Store;

/// <summary>What a watch selects and where it starts.</summary>
public sealed record WatchOptions
{
    /// <summary>Only objects in this namespace; null for all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>Label selector text (<c>a=b,c in (d)</c>); null or empty for everything.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector text (<c>metadata.name=x</c>, <c>spec.nodeName=n</c>); null or empty for everything.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Resume after this resourceVersion; null, empty or "0" first replays current objects as ADDED.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Send BOOKMARK events at the server's bookmark interval.</summary>
    public bool AllowBookmarks { get; init; }

    /// <summary>Events that may queue up before the watcher counts as too slow and is closed; null for the server default.</summary>
    public int? QueueCapacity { get; init; }
}
