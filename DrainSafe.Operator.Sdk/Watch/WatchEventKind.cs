namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>The <c>type</c> of one line of a watch stream.</summary>
public enum WatchEventKind
{
    /// <summary>An object was created (or replayed).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was deleted.</summary>
    Deleted,

    /// <summary>A progress marker carrying only a resourceVersion.</summary>
    Bookmark,

    /// <summary>The server reports an error (a Status object) and ends the stream.</summary>
    Error,
}
