namespace DrainSafe.Sandbox.World.Timing;

/// <summary>
/// The world's one agenda of timed work, ordered by due time. The world loop arms a single timer for the earliest
/// entry, so a cluster of any size uses one timer, not one per pod.
/// </summary>
internal sealed class DueQueue
{
    private readonly PriorityQueue<TimedWork, (DateTimeOffset At, long Order)> _queue = new();
    private long _order;

    public int Count => _queue.Count;

    public DateTimeOffset? Earliest => _queue.TryPeek(out _, out var priority) ? priority.At : null;

    public void Add(DateTimeOffset at, TimedWork work) => _queue.Enqueue(work, (at, ++_order));

    /// <summary>Removes and returns the work due by <paramref name="now"/>, earliest first.</summary>
    public List<TimedWork> TakeDue(DateTimeOffset now)
    {
        var due = new List<TimedWork>();
        while (_queue.TryPeek(out var work, out var priority) && priority.At <= now)
        {
            _queue.Dequeue();
            due.Add(work);
        }

        return due;
    }
}
