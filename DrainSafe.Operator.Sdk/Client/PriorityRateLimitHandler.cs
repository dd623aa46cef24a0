namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// One client-side rate limit for every API request of the process (a token bucket of <c>qps</c> per second and
/// <c>burst</c>), whose waiting requests are served earliest <see cref="RequestPriority.Deadline"/> first. A request
/// without a deadline counts as due <see cref="NoDeadlineGrace"/> after it arrived, so it is never starved. Watches are
/// long-lived, and Lease requests keep leadership (a leader that cannot renew stops): both pass without a token.
/// </summary>
public sealed class PriorityRateLimitHandler : DelegatingHandler
{
    /// <summary>How long after its arrival a request without a deadline counts as due.</summary>
    public static readonly TimeSpan NoDeadlineGrace = TimeSpan.FromMinutes(5);

    private readonly double qps;
    private readonly int burst;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly PriorityQueue<Waiter, (DateTimeOffset Deadline, long Sequence)> waiting = new();
    private double tokens;
    private long lastRefill;
    private long sequence;
    private ITimer? timer;
    private bool armed;

    /// <summary>Creates the limit.</summary>
    /// <param name="qps">Requests per second (positive).</param>
    /// <param name="burst">Requests allowed at once above the rate (at least 1).</param>
    /// <param name="time">The clock.</param>
    public PriorityRateLimitHandler(double qps, int burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        this.qps = qps;
        this.burst = burst;
        this.time = time ?? TimeProvider.System;
        tokens = burst;
        lastRefill = this.time.GetTimestamp();
    }

    /// <summary>Requests waiting for a token now.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Waits for a token, earliest deadline first; completes when the request may be sent.</summary>
    /// <param name="deadline">The request's deadline; null for none.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task AcquireAsync(DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (gate)
        {
            Refill();
            if (waiting.Count == 0 && tokens >= 1)
            {
                tokens -= 1;
                return Task.CompletedTask;
            }

            waiter = new Waiter(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            waiting.Enqueue(waiter, (deadline ?? time.GetUtcNow() + NoDeadlineGrace, sequence++));
            ScheduleLocked();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => waiter.Completion.TrySetCanceled(cancellationToken));
            _ = waiter.Completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return waiter.Completion.Task;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri;
        var exempt = uri is not null
            && (uri.Query.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.Contains("/leases", StringComparison.Ordinal));
        if (!exempt)
        {
            await AcquireAsync(RequestPriority.Deadline, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(burst, tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * qps));
        lastRefill = now;
    }

    // Hands out the tokens there are, earliest deadline first, then waits for the next one.
    private void Release()
    {
        lock (gate)
        {
            armed = false;
            Refill();
            while (waiting.Count > 0 && tokens >= 1)
            {
                var next = waiting.Dequeue();
                if (next.Completion.TrySetResult())
                {
                    tokens -= 1;
                }
            }

            ScheduleLocked();
        }
    }

    private void ScheduleLocked()
    {
        // Never re-arm a pending timer: requests arriving faster than the token rate would push the release back forever.
        if (waiting.Count == 0 || armed)
        {
            return;
        }

        armed = true;
        var wait = TimeSpan.FromSeconds(Math.Max(0, 1 - tokens) / qps);
        timer ??= time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, Timeout.InfiniteTimeSpan);
    }

    private sealed record Waiter(TaskCompletionSource Completion);
}
