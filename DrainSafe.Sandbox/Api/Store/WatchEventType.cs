namespace DrainSafe.Sandbox.Api.Store;

/// <summary>The type of a watch event, as it appears on the wire (ADDED, MODIFIED, ...).</summary>
public enum WatchEventType
{
    /// <summary>ADDED.</summary>
    Added,

    /// <summary>MODIFIED.</summary>
    Modified,

    /// <summary>DELETED.</summary>
    Deleted,

    /// <summary>BOOKMARK: only a resourceVersion.</summary>
    Bookmark,

    /// <summary>ERROR: a Status (for example 410 Expired); the stream ends after it.</summary>
    Error,
}
