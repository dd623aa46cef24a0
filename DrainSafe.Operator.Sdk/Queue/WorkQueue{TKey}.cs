namespace DrainSafe.Operator.Sdk.Queue;

/// <summary>
/// A work queue with client-go semantics: a key waits in the queue at most once (de-duplicated), is never
/// handed to two workers at once (a key added while it is processed is queued again when it is done),
/// delayed adds keep the earliest time, and failed keys are retried with per-key exponential backoff.
/// Time comes from a <see cref="TimeProvider"/>.
/// </summary>
/// <typeparam name="TKey">The key type, e.g. <c>namespace/name</c>.</typeparam>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly TimeProvider timeProvider;
    private readonly ExponentialBackoff<TKey> backoff;
    private readonly Lock gate = new();
    private readonly Queue<TKey> ready = new();
    private readonly HashSet<TKey> dirty = new();
    private readonly HashSet<TKey> processing = new();
    private readonly Dictionary<TKey, DateTimeOffset> waitingUntil = new();
    private readonly PriorityQueue<TKey, DateTimeOffset> waitingOrder = new();
    private readonly SemaphoreSlim readyCount = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly ITimer timer;
    private bool isShutDown;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="timeProvider">The clock for delayed adds.</param>
    /// <param name="backoff">Retry delays for <see cref="AddRateLimited"/>; defaults to 5 ms .. 5 min.</param>
    /// <param name="random">A source of values in [0, 1) for jitter; tests pass a fixed one.</param>
    public WorkQueue(TimeProvider timeProvider, RetryBackoffSettings? backoff = null, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
        this.backoff = new ExponentialBackoff<TKey>(backoff ?? new RetryBackoffSettings(), random);
        timer = timeProvider.CreateTimer(_ => PromoteDueKeys(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be taken.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add to fall due.</summary>
    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waitingUntil.Count;
            }
        }
    }

    /// <summary>Keys currently handed to a worker.</summary>
    public int ProcessingCount
    {
        get
        {
            lock (gate)
            {
                return processing.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShutDown
    {
        get
        {
            lock (gate)
            {
                return isShutDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> now, unless it is already waiting in the queue.</summary>
    /// <param name="key">The key to process.</param>
    public void Add(TKey key)
    {
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>
    /// Queues <paramref name="key"/> after <paramref name="delay"/>. If the key is already waiting for an
    /// earlier time, that time is kept; a later one is brought forward.
    /// </summary>
    /// <param name="key">The key to process.</param>
    /// <param name="delay">How long to wait; zero or less queues it now.</param>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (isShutDown)
            {
                return;
            }

            var readyAt = timeProvider.GetUtcNow() + delay;
            if (waitingUntil.TryGetValue(key, out var existing) && existing <= readyAt)
            {
                return;
            }

            waitingUntil[key] = readyAt;
            waitingOrder.Enqueue(key, readyAt);
            ScheduleTimerLocked();
        }
    }

    /// <summary>Records a failure of <paramref name="key"/> and queues it after its backoff delay.</summary>
    /// <param name="key">The key that failed.</param>
    /// <returns>The delay chosen.</returns>
    public TimeSpan AddRateLimited(TKey key)
    {
        var delay = backoff.NextDelay(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the backoff of <paramref name="key"/> after a success.</summary>
    /// <param name="key">The key that succeeded.</param>
    public void Forget(TKey key) => backoff.Forget(key);

    /// <summary>How many failures of <paramref name="key"/> were recorded since it was last forgotten.</summary>
    /// <param name="key">The key.</param>
    public int Requeues(TKey key) => backoff.Failures(key);

    /// <summary>
    /// Waits for a key and hands it to the caller, who must call <see cref="Done"/> when finished with it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="OperationCanceledException">Cancelled, or the queue was shut down.</exception>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        await readyCount.WaitAsync(linked.Token).ConfigureAwait(false);
        lock (gate)
        {
            if (isShutDown)
            {
                throw new OperationCanceledException("The work queue was shut down.", shutdown.Token);
            }

            var key = ready.Dequeue();
            processing.Add(key);
            dirty.Remove(key);
            return key;
        }
    }

    /// <summary>Marks <paramref name="key"/> finished; if it was added meanwhile, it is queued again.</summary>
    /// <param name="key">A key returned by <see cref="TakeAsync"/>.</param>
    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key) && !isShutDown)
            {
                EnqueueReadyLocked(key);
            }
        }
    }

    /// <summary>Stops the queue: waiting takers are released with <see cref="OperationCanceledException"/>, adds are ignored.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (isShutDown)
            {
                return;
            }

            isShutDown = true;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        shutdown.Cancel();
    }

    /// <summary>Shuts the queue down (see <see cref="ShutDown"/>) and releases its timer.</summary>
    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
        shutdown.Dispose();
        // The semaphore is not disposed: a taker that ShutDown released may still be leaving its wait, and disposing it
        // drops that waiter, so its TakeAsync would never complete. It holds nothing to release (no wait handle is used).
    }

    private void AddLocked(TKey key)
    {
        if (isShutDown || !dirty.Add(key) || processing.Contains(key))
        {
            return;
        }

        EnqueueReadyLocked(key);
    }

    private void EnqueueReadyLocked(TKey key)
    {
        ready.Enqueue(key);
        readyCount.Release();
    }

    private void PromoteDueKeys()
    {
        lock (gate)
        {
            if (isShutDown)
            {
                return;
            }

            var now = timeProvider.GetUtcNow();
            while (waitingOrder.TryPeek(out var key, out var readyAt) && readyAt <= now)
            {
                waitingOrder.Dequeue();
                // A stale entry: the key was brought forward and already promoted, or has a newer time.
                if (waitingUntil.TryGetValue(key, out var current) && current == readyAt)
                {
                    waitingUntil.Remove(key);
                    AddLocked(key);
                }
            }

            ScheduleTimerLocked();
        }
    }

    private void ScheduleTimerLocked()
    {
        while (waitingOrder.TryPeek(out var key, out var readyAt))
        {
            if (waitingUntil.TryGetValue(key, out var current) && current == readyAt)
            {
                var due = readyAt - timeProvider.GetUtcNow();
                timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
                return;
            }

            waitingOrder.Dequeue();
        }

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
