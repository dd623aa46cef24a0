using System.Globalization;
using System.Net;
using System.Text;
using DrainSafe.Operator.Sdk.LeaderElection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

public sealed class LeaseLeaderElectorTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_leader_whose_renewals_fail_then_hang_stops_leading_within_the_renew_deadline_before_a_follower_may_take_over()
    {
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch);
        var start = clock.GetUtcNow();
        // Renewals fail at once for 7 s, then hang: the last attempt starts close to the renew deadline.
        var api = new LeaseApi(() => clock.GetUtcNow() - start < TimeSpan.FromSeconds(7));
        using var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, api);
        var settings = new LeaderElectionSettings
        {
            Identity = "me",
            LeaseName = "lease",
            LeaseNamespace = "default",
            LeaseDuration = LeaseDuration,
            RenewDeadline = RenewDeadline,
            RetryPeriod = TimeSpan.FromSeconds(2),
        };
        var elector = new LeaseLeaderElector(kubernetes, settings, clock, NullLogger.Instance);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => elector.RunAsync(leading.SetResult, stop.Token));

        await leading.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var acquiredAt = clock.GetUtcNow();
        while (clock.GetUtcNow() - acquiredAt < TimeSpan.FromSeconds(30))
        {
            await Eventually.HoldsAsync(() => clock.HasArmedTimer || run.IsCompleted, "the elector waits on its clock", () => $"now {clock.GetUtcNow() - start}, requests {api.Requests}");
            if (run.IsCompleted)
            {
                break;
            }

            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        var stoppedAfter = clock.GetUtcNow() - acquiredAt;
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
        // A follower that saw the acquisition may take over LeaseDuration later; the leader must be gone by then.
        Assert.True(stoppedAfter < LeaseDuration, $"the leader still led {stoppedAfter} after its last renewal (lease duration {LeaseDuration})");
        Assert.True(stoppedAfter >= RenewDeadline - TimeSpan.FromSeconds(1), $"the leader gave up after only {stoppedAfter}");
    }

    [Fact]
    public async Task A_follower_takes_over_only_after_a_full_lease_duration_since_the_last_renewal_it_saw()
    {
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch);
        var start = clock.GetUtcNow();
        // Held by another instance that stopped renewing; its renewTime lies far back, which a follower must not trust.
        var api = new LeaseServer();
        api.Hold("other", renewedAt: start - TimeSpan.FromHours(1));
        using var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, api);
        var elector = new LeaseLeaderElector(kubernetes, Settings("me"), clock, NullLogger.Instance);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => elector.RunAsync(leading.SetResult, stop.Token));

        await DriveAsync(clock, () => leading.Task.IsCompleted || run.IsCompleted, TimeSpan.FromSeconds(60));
        var acquiredAfter = clock.GetUtcNow() - start;
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(leading.Task.IsCompleted, "the follower never took over");
        Assert.True(acquiredAfter >= LeaseDuration, $"the follower took over after {acquiredAfter}, before the lease duration {LeaseDuration}");
        // The driver moves the fake clock while an HTTP call is in flight, so on a loaded machine it overshoots: the bound is loose.
        Assert.True(acquiredAfter <= (LeaseDuration * 2) + TimeSpan.FromSeconds(10), $"the follower took over only after {acquiredAfter}");
    }

    [Fact]
    public async Task A_leader_that_sees_another_holder_stops_at_its_next_renewal_not_at_its_renew_deadline()
    {
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch);
        var api = new LeaseServer();
        using var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, api);
        var elector = new LeaseLeaderElector(kubernetes, Settings("me"), clock, NullLogger.Instance);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => elector.RunAsync(leading.SetResult, stop.Token));
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var takenAt = clock.GetUtcNow();
        api.Hold("other", renewedAt: takenAt);
        await DriveAsync(clock, () => run.IsCompleted, TimeSpan.FromSeconds(30));
        var stoppedAfter = clock.GetUtcNow() - takenAt;
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        // Well below the 10 s renew deadline a leader that kept renewing would reach; loose for a loaded machine (see DriveAsync).
        Assert.True(stoppedAfter <= TimeSpan.FromSeconds(7), $"the leader went on for {stoppedAfter} after another instance took the Lease");
        Assert.Equal("other", api.Holder);
    }

    private static LeaderElectionSettings Settings(string identity) => new()
    {
        Identity = identity,
        LeaseName = "lease",
        LeaseNamespace = "default",
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = TimeSpan.FromSeconds(2),
    };

    /// <summary>Moves the clock in half-second steps, each once the elector waits on it, until <paramref name="done"/> or <paramref name="limit"/>.</summary>
    private static async Task DriveAsync(SteppingClock clock, Func<bool> done, TimeSpan limit)
    {
        var from = clock.GetUtcNow();
        while (!done() && clock.GetUtcNow() - from < limit)
        {
            await Eventually.HoldsAsync(() => clock.HasArmedTimer || done(), "the elector waits on its clock");
            if (!done())
            {
                clock.Advance(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>A Lease API with one Lease in memory: conditional PUTs, resourceVersion bumped on every write.</summary>
    private sealed class LeaseServer : DelegatingHandler
    {
        private readonly Lock gate = new();
        private V1Lease? lease;
        private int version;

        public string? Holder
        {
            get
            {
                lock (gate)
                {
                    return lease?.Spec?.HolderIdentity;
                }
            }
        }

        /// <summary>Another instance writes the Lease as its holder.</summary>
        public void Hold(string identity, DateTimeOffset renewedAt)
        {
            lock (gate)
            {
                lease = new V1Lease
                {
                    ApiVersion = "coordination.k8s.io/v1",
                    Kind = "Lease",
                    Metadata = new V1ObjectMeta { Name = "lease", NamespaceProperty = "default", ResourceVersion = NextVersion() },
                    Spec = new V1LeaseSpec { HolderIdentity = identity, LeaseDurationSeconds = 15, RenewTime = renewedAt.UtcDateTime, AcquireTime = renewedAt.UtcDateTime },
                };
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (gate)
            {
                if (request.Method == HttpMethod.Get)
                {
                    return lease is null ? Status(request, HttpStatusCode.NotFound) : Answer(request, HttpStatusCode.OK, KubernetesJson.Serialize(lease));
                }

                var sent = KubernetesJson.Deserialize<V1Lease>(body!);
                if ((request.Method == HttpMethod.Post && lease is not null)
                    || (request.Method == HttpMethod.Put && sent.Metadata?.ResourceVersion != lease?.Metadata?.ResourceVersion))
                {
                    return Status(request, HttpStatusCode.Conflict);
                }

                sent.Metadata ??= new V1ObjectMeta();
                sent.Metadata.ResourceVersion = NextVersion();
                lease = sent;
                return Answer(request, request.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK, KubernetesJson.Serialize(lease));
            }
        }

        private string NextVersion() => (++version).ToString(CultureInfo.InvariantCulture);

        private static HttpResponseMessage Status(HttpRequestMessage request, HttpStatusCode code) => Answer(request, code,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + ((int)code).ToString(CultureInfo.InvariantCulture) + "}");

        private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, string body) =>
            new(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    /// <summary>A Lease API: the Lease is absent until created; then reads fail fast while <c>failFast</c> holds, and hang after.</summary>
    private sealed class LeaseApi(Func<bool> failFast) : DelegatingHandler
    {
        private const string Lease =
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"lease","namespace":"default","resourceVersion":"1"},"spec":{"holderIdentity":"me","leaseDurationSeconds":15}}""";

        private volatile bool created;
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            if (request.Method == HttpMethod.Post)
            {
                created = true;
                return Answer(request, HttpStatusCode.Created, Lease);
            }

            if (!created)
            {
                return Answer(request, HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            }

            if (failFast())
            {
                return Answer(request, HttpStatusCode.InternalServerError, """{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}""");
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, string body) =>
            new(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
