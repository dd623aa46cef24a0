using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>The objects of one resource (all versions share it), its indexes, event history and watchers.</summary>
/// <remarks>Not thread-safe: the store guards it with its lock.</remarks>
internal sealed class ResourceCollection
{
    private const string NodeField = "spec.nodeName";
    private readonly Dictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, StoredObject>>? _byNode;

    public bool IndexesNodes => _byNode is not null;

    public ResourceCollection(ResourceType resource, int historyCapacity)
    {
        Resource = resource;
        History = new EventHistory(historyCapacity);
        if (resource.SelectableFields.Contains(NodeField))
        {
            _byNode = new Dictionary<string, Dictionary<string, StoredObject>>(StringComparer.Ordinal);
        }
    }

    public ResourceType Resource { get; set; }

    public EventHistory History { get; }

    public WatcherSet Watchers { get; } = new();

    public int Count => _objects.Count;

    public StoredObject? Get(string key) => _objects.GetValueOrDefault(key);

    public void Put(StoredObject obj)
    {
        var key = obj.Key;
        if (_objects.TryGetValue(key, out var old))
        {
            RemoveFromNodeIndex(old);
        }
        else
        {
            _keys.Add(key);
        }

        _objects[key] = obj;
        if (_byNode is not null && obj.NodeName is { Length: > 0 } node)
        {
            if (!_byNode.TryGetValue(node, out var onNode))
            {
                _byNode[node] = onNode = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            }

            onNode[key] = obj;
        }
    }

    public bool Remove(string key)
    {
        if (!_objects.Remove(key, out var old))
        {
            return false;
        }

        _keys.Remove(key);
        RemoveFromNodeIndex(old);
        return true;
    }

    /// <summary>Objects in key order, optionally only one namespace's or one node's, starting after a key.</summary>
    public List<StoredObject> Snapshot(string? @namespace, string? nodeName, string? afterKey)
    {
        if (_byNode is not null && nodeName is not null)
        {
            var onNode = _byNode.GetValueOrDefault(nodeName);
            if (onNode is null)
            {
                return [];
            }

            var result = onNode.Values
                .Where(o => (@namespace is null || o.Namespace == @namespace)
                    && (afterKey is null || string.CompareOrdinal(o.Key, afterKey) > 0))
                .ToList();
            result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return result;
        }

        IEnumerable<string> keys = _keys;
        if (@namespace is not null || afterKey is not null)
        {
            var lower = @namespace is null ? string.Empty : @namespace + "/";
            if (afterKey is not null && string.CompareOrdinal(afterKey, lower) >= 0)
            {
                lower = afterKey;
            }

            var upper = @namespace is null ? "\uffff" : @namespace + "0";
            if (string.CompareOrdinal(lower, upper) > 0 || _keys.Count == 0)
            {
                return [];
            }

            keys = _keys.GetViewBetween(lower, upper);
        }

        var list = new List<StoredObject>();
        foreach (var key in keys)
        {
            if (afterKey is not null && key == afterKey)
            {
                continue;
            }

            list.Add(_objects[key]);
        }

        return list;
    }

    public IEnumerable<StoredObject> All => _objects.Values;

    private void RemoveFromNodeIndex(StoredObject old)
    {
        if (_byNode is not null && old.NodeName is { Length: > 0 } node && _byNode.TryGetValue(node, out var onNode))
        {
            onNode.Remove(old.Key);
            if (onNode.Count == 0)
            {
                _byNode.Remove(node);
            }
        }
    }
}
