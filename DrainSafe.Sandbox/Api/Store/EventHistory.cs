namespace DrainSafe.Sandbox.Api.Store;

/// <summary>A bounded ring of one resource's recent events, for watches that resume from a resourceVersion.</summary>
internal sealed class EventHistory
{
    private readonly WatchEvent[] _ring;
    private int _start;
    private int _count;

    public EventHistory(int capacity)
    {
        _ring = new WatchEvent[Math.Max(1, capacity)];
    }

    /// <summary>The resourceVersion of the newest event that fell out of the ring (0 when none did).</summary>
    public long CompactedThrough { get; private set; }

    public void Append(WatchEvent watchEvent)
    {
        if (_count == _ring.Length)
        {
            CompactedThrough = _ring[_start].ResourceVersion;
            _ring[_start] = watchEvent;
            _start = (_start + 1) % _ring.Length;
            return;
        }

        _ring[(_start + _count) % _ring.Length] = watchEvent;
        _count++;
    }

    /// <summary>Events with a resourceVersion above <paramref name="resourceVersion"/>, oldest first.</summary>
    public List<WatchEvent> Since(long resourceVersion)
    {
        var result = new List<WatchEvent>();
        var first = _count;
        while (first > 0 && _ring[(_start + first - 1) % _ring.Length].ResourceVersion > resourceVersion)
        {
            first--;
        }

        for (var i = first; i < _count; i++)
        {
            result.Add(_ring[(_start + i) % _ring.Length]);
        }

        return result;
    }

    /// <summary>Forgets everything, as when the resource is removed (its CRD deleted).</summary>
    public void Clear(long compactedThrough)
    {
        Array.Clear(_ring);
        _start = 0;
        _count = 0;
        CompactedThrough = compactedThrough;
    }
}
