using System.Collections.Concurrent;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Api.Faults;

/// <summary>
/// Fault injection and request accounting for tests of clients: drop or expire watches, fail the next requests,
/// add latency, and see which requests were made (for example to assert that no write happened).
/// </summary>
public sealed class ApiFaults
{
    private const int MaxRecordedRequests = 50_000;

    // The status code of a failure rule that holds the request instead of answering it.
    private const int HangStatusCode = 0;
    private readonly ObjectStore _store;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<FailureRule> _failures = [];
    private long _requestCount;
    private long _writeCount;
    private long _latencyTicks;
    private RandomFailureRule? _randomFailures;
    private long _randomFailuresServed;
    private long _hungRequests;

    internal ApiFaults(ObjectStore store)
    {
        _store = store;
    }

    /// <summary>Delay added before every request is handled (zero for none), measured on the server's TimeProvider.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>The most recent requests (up to 50,000), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests answered since the start (or the last <see cref="ClearRequests"/>).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>POST/PUT/PATCH/DELETE requests answered since the start (or the last <see cref="ClearRequests"/>).</summary>
    public long WriteCount => Interlocked.Read(ref _writeCount);

    /// <summary>Closes every open watch stream abruptly now (clients see the connection end).</summary>
    public void DropAllWatches() => _store.CloseAllWatches(WatchCloseReason.Dropped);

    /// <summary>The next watch, whatever its resourceVersion, gets HTTP 200 then one 410 Expired ERROR event.</summary>
    public void ExpireNextWatch() => _store.ExpireNextWatch();

    /// <summary>Compaction: every watch from a resourceVersion below <paramref name="resourceVersion"/> gets the 410 ERROR event.</summary>
    public void ExpireWatchesBefore(long resourceVersion) => _store.ExpireWatchesBefore(resourceVersion);

    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with a Status of <paramref name="statusCode"/>,
    /// optionally only for one HTTP method and paths (with query) containing <paramref name="pathContains"/>.
    /// </summary>
    public void FailNext(int count, int statusCode, string? method = null, string? pathContains = null)
    {
        lock (_failures)
        {
            _failures.Add(new FailureRule(count, statusCode, method, pathContains));
        }
    }

    /// <summary>
    /// Never answers the next <paramref name="count"/> matching requests (a server that accepted the connection and
    /// went silent): each is held until its client gives up and closes the connection, optionally only for one HTTP
    /// method and paths (with query) containing <paramref name="pathContains"/>.
    /// </summary>
    public void HangNext(int count, string? method = null, string? pathContains = null)
    {
        lock (_failures)
        {
            _failures.Add(new FailureRule(count, HangStatusCode, method, pathContains));
        }
    }

    /// <summary>How many requests <see cref="HangNext"/> has held so far.</summary>
    public long HungRequests => Interlocked.Read(ref _hungRequests);

    /// <summary>
    /// Answers a random <paramref name="fraction"/> of every request from now on (reads, writes, watches, leases)
    /// with a Status of <paramref name="statusCode"/>, drawn from a generator seeded with <paramref name="seed"/>,
    /// until <see cref="StopFailingRandomly"/> or <see cref="Reset"/>. Rules of <see cref="FailNext"/> come first.
    /// </summary>
    public void FailRandomly(double fraction, int statusCode, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        lock (_failures)
        {
            _randomFailures = new RandomFailureRule(fraction, statusCode, new Random(seed));
        }
    }

    /// <summary>Ends <see cref="FailRandomly"/>.</summary>
    public void StopFailingRandomly()
    {
        lock (_failures)
        {
            _randomFailures = null;
        }
    }

    /// <summary>How many requests <see cref="FailRandomly"/> has failed since the start.</summary>
    public long RandomFailuresServed => Interlocked.Read(ref _randomFailuresServed);

    /// <summary>Forgets pending failures and resets latency.</summary>
    public void Reset()
    {
        lock (_failures)
        {
            _failures.Clear();
            _randomFailures = null;
        }

        Latency = TimeSpan.Zero;
    }

    /// <summary>Forgets recorded requests and zeroes the counters.</summary>
    public void ClearRequests()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _writeCount, 0);
    }

    /// <summary>Counts recorded requests that match a condition.</summary>
    public int CountRequests(Func<RecordedRequest, bool> predicate) => _requests.Count(predicate);

    /// <summary>The failure to answer the request with; <see cref="Hang"/> for a request to hold unanswered.</summary>
    internal ApiStatus? TakeFailure(string method, string pathAndQuery)
    {
        lock (_failures)
        {
            for (var i = 0; i < _failures.Count; i++)
            {
                var rule = _failures[i];
                if ((rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && (rule.PathContains is null || pathAndQuery.Contains(rule.PathContains, StringComparison.Ordinal)))
                {
                    rule.Remaining--;
                    if (rule.Remaining <= 0)
                    {
                        _failures.RemoveAt(i);
                    }

                    if (rule.StatusCode == HangStatusCode)
                    {
                        Interlocked.Increment(ref _hungRequests);
                        return Hang;
                    }

                    return ApiErrors.ForCode(rule.StatusCode);
                }
            }

            if (_randomFailures is { } random && random.Generator.NextDouble() < random.Fraction)
            {
                Interlocked.Increment(ref _randomFailuresServed);
                return ApiErrors.ForCode(random.StatusCode);
            }
        }

        return null;
    }

    /// <summary>What <see cref="TakeFailure"/> returns for a request to hold unanswered.</summary>
    internal static ApiStatus Hang { get; } = new(0, string.Empty, "held unanswered");

    internal void Record(RecordedRequest request)
    {
        Interlocked.Increment(ref _requestCount);
        if (request.IsWrite)
        {
            Interlocked.Increment(ref _writeCount);
        }

        _requests.Enqueue(request);
        while (_requests.Count > MaxRecordedRequests && _requests.TryDequeue(out _))
        {
        }
    }

    private sealed record RandomFailureRule(double Fraction, int StatusCode, Random Generator);

    private sealed class FailureRule(int count, int statusCode, string? method, string? pathContains)
    {
        public int Remaining { get; set; } = count;

        public int StatusCode { get; } = statusCode;

        public string? Method { get; } = method;

        public string? PathContains { get; } = pathContains;
    }
}
