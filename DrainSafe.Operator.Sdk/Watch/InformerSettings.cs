using DrainSafe.Operator.Sdk.Queue;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>How an informer lists, watches and recovers.</summary>
public sealed class InformerSettings
{
    /// <summary>
    /// If no event or bookmark arrives within this window the watch is presumed dead and restarted
    /// (watch streams ignore the client timeout). Default 2 minutes; keep it above the server's bookmark interval.
    /// </summary>
    public TimeSpan HeartbeatWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The <c>timeoutSeconds</c> asked of the server, so that watches recycle; a random extra of up to half
    /// is added so that informers do not reconnect in step. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many objects each LIST page asks for (<c>limit</c>/<c>continue</c> paging), so a large relist does not
    /// load the API server or time out in one answer. Default 500.
    /// </summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>The delay between failed list or watch attempts. Default 100 ms growing to 10 s.</summary>
    public RetryBackoffSettings ReconnectBackoff { get; set; } = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(10),
    };
}
