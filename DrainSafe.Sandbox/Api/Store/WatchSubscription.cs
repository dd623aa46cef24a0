using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Selection;
using k8s;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>
/// One open watch: a backlog (initial ADDED events or the replay from a resourceVersion) followed by live events
/// from a bounded queue. A watcher that lets the queue fill up is closed rather than slowing writers down.
/// </summary>
public sealed class WatchSubscription : IAsyncDisposable
{
    private readonly Channel<WatchEvent> _live;
    private readonly Queue<WatchEvent> _backlog = new();
    private readonly Action<WatchSubscription> _unsubscribe;
    private readonly string? _namespace;
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;
    private int _closeReason;

    internal WatchSubscription(ResourceType resource, WatchOptions options, LabelSelector labels, FieldSelector fields,
        string? nodeName, int capacity, Action<WatchSubscription> unsubscribe)
    {
        Resource = resource;
        NodeName = nodeName;
        AllowBookmarks = options.AllowBookmarks;
        _namespace = options.Namespace;
        _labels = labels;
        _fields = fields;
        _unsubscribe = unsubscribe;
        _live = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The watched resource.</summary>
    public ResourceType Resource { get; }

    /// <summary>True when the watcher asked for BOOKMARK events.</summary>
    public bool AllowBookmarks { get; }

    /// <summary>The node whose pods alone this watch selects (<c>spec.nodeName=X</c>), or null.</summary>
    internal string? NodeName { get; }

    /// <summary>Why the subscription stopped, or <see cref="WatchCloseReason.None"/> while open.</summary>
    public WatchCloseReason CloseReason => (WatchCloseReason)Volatile.Read(ref _closeReason);

    /// <summary>Reads every event until the subscription closes or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<WatchEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var watchEvent))
            {
                yield return watchEvent;
            }
        }
    }

    /// <summary>Unregisters the watcher.</summary>
    public ValueTask DisposeAsync()
    {
        Close(WatchCloseReason.Disposed);
        return ValueTask.CompletedTask;
    }

    internal bool TryRead(out WatchEvent watchEvent)
    {
        lock (_backlog)
        {
            if (_backlog.TryDequeue(out watchEvent!))
            {
                return true;
            }
        }

        return _live.Reader.TryRead(out watchEvent!);
    }

    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (_backlog)
        {
            if (_backlog.Count > 0)
            {
                return ValueTask.FromResult(true);
            }
        }

        return _live.Reader.WaitToReadAsync(cancellationToken);
    }

    internal void AddBacklog(WatchEvent watchEvent)
    {
        if (Transform(watchEvent) is { } visible)
        {
            lock (_backlog)
            {
                _backlog.Enqueue(visible);
            }
        }
    }

    internal void AddBacklogUnfiltered(WatchEvent watchEvent)
    {
        lock (_backlog)
        {
            _backlog.Enqueue(watchEvent);
        }
    }

    /// <summary>Queues an event if it passes the filters; false when the watcher was too slow and got closed.</summary>
    internal bool Deliver(WatchEvent watchEvent)
    {
        if (Transform(watchEvent) is not { } visible)
        {
            return true;
        }

        if (_live.Writer.TryWrite(visible))
        {
            return true;
        }

        Close(WatchCloseReason.TooSlow);
        return false;
    }

    internal bool Matches(StoredObject obj) =>
        (_namespace is null || obj.Namespace == _namespace)
        && (_labels.IsEmpty || _labels.Matches(obj.Labels))
        && (_fields.IsEmpty || _fields.Matches(obj.FieldValue));

    /// <summary>Marks the subscription closed, ends its stream and unregisters it from the store.</summary>
    internal void Close(WatchCloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, (int)WatchCloseReason.None) == (int)WatchCloseReason.None)
        {
            _live.Writer.TryComplete();
            _unsubscribe(this);
        }
    }

    private WatchEvent? Transform(WatchEvent watchEvent)
    {
        switch (watchEvent.Type)
        {
            case WatchEventType.Bookmark:
                return AllowBookmarks ? watchEvent : null;
            case WatchEventType.Error:
                return watchEvent;
            case WatchEventType.Modified:
                var now = Matches(watchEvent.Object!);
                var before = watchEvent.Previous is not null && Matches(watchEvent.Previous);
                return (now, before) switch
                {
                    (true, true) => watchEvent,
                    (true, false) => watchEvent.WithType(WatchEventType.Added),
                    (false, true) => watchEvent.WithType(WatchEventType.Deleted),
                    _ => null,
                };
            default:
                return Matches(watchEvent.Object!) ? watchEvent : null;
        }
    }
}
