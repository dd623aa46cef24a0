namespace DrainSafe.Sandbox.Api.Store;

/// <summary>
/// The open watches of one resource. Watches that select one node's pods (<c>spec.nodeName=X</c>, as kubelets
/// do) are indexed by node, so an event reaches them without visiting every other node's watcher.
/// </summary>
/// <remarks>Not thread-safe: the store guards it with its lock.</remarks>
internal sealed class WatcherSet
{
    private readonly List<WatchSubscription> _general = [];
    private readonly Dictionary<string, List<WatchSubscription>> _byNode = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(WatchSubscription subscription)
    {
        if (subscription.NodeName is { } node)
        {
            if (!_byNode.TryGetValue(node, out var list))
            {
                _byNode[node] = list = [];
            }

            list.Add(subscription);
        }
        else
        {
            _general.Add(subscription);
        }

        Count++;
    }

    public void Remove(WatchSubscription subscription)
    {
        bool removed;
        if (subscription.NodeName is { } node)
        {
            removed = _byNode.TryGetValue(node, out var list) && list.Remove(subscription);
            if (removed && list!.Count == 0)
            {
                _byNode.Remove(node);
            }
        }
        else
        {
            removed = _general.Remove(subscription);
        }

        if (removed)
        {
            Count--;
        }
    }

    public List<WatchSubscription> ToList() => [.. _general, .. _byNode.Values.SelectMany(l => l)];

    public void Deliver(WatchEvent watchEvent)
    {
        DeliverTo(_general, watchEvent);
        var node = watchEvent.Object?.NodeName;
        if (node is not null && _byNode.TryGetValue(node, out var onNode))
        {
            DeliverTo(onNode, watchEvent);
        }

        var previousNode = watchEvent.Previous?.NodeName;
        if (previousNode is not null && previousNode != node && _byNode.TryGetValue(previousNode, out var onPreviousNode))
        {
            DeliverTo(onPreviousNode, watchEvent);
        }
    }

    /// <summary>Sends a BOOKMARK at <paramref name="resourceVersion"/> to every watcher that asked for bookmarks.</summary>
    public void DeliverBookmarks(long resourceVersion)
    {
        WatchEvent? bookmark = null;
        foreach (var watcher in ToList())
        {
            if (watcher.AllowBookmarks)
            {
                // Versions of one resource share the set; each watcher gets its own apiVersion.
                if (bookmark is null || bookmark.Resource != watcher.Resource)
                {
                    bookmark = WatchEvent.Bookmark(watcher.Resource, resourceVersion);
                }

                watcher.Deliver(bookmark);
            }
        }
    }

    private static void DeliverTo(List<WatchSubscription> watchers, WatchEvent watchEvent)
    {
        // Backwards, because a watcher too slow to take the event removes itself from the list.
        for (var i = watchers.Count - 1; i >= 0; i--)
        {
            if (i < watchers.Count)
            {
                watchers[i].Deliver(watchEvent);
            }
        }
    }
}
