namespace DrainSafe.Sandbox.Api.Store;

/// <summary>Why a watch subscription stopped receiving events.</summary>
public enum WatchCloseReason
{
    /// <summary>Still open.</summary>
    None,

    /// <summary>The watcher fell too far behind (its queue filled up), as a real server closes slow watchers.</summary>
    TooSlow,

    /// <summary>Fault injection closed every watch.</summary>
    Dropped,

    /// <summary>The resource stopped being served (its CRD was deleted).</summary>
    ResourceRemoved,

    /// <summary>The watch started from a resourceVersion older than the history: one 410 ERROR event.</summary>
    Expired,

    /// <summary>The subscriber disposed it or the server stopped.</summary>
    Disposed,
}
