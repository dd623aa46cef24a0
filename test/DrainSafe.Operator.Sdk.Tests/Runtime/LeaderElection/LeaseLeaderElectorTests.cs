using System.Net;
using System.Text;
using DrainSafe.Operator.Sdk.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

public sealed class LeaseLeaderElectorTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_leader_whose_renewals_fail_then_hang_stops_leading_within_the_renew_deadline_before_a_follower_may_take_over()
    {
        var clock = new ArmedTimerClock(new FakeTimeProvider());
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
            await Eventually.HoldsAsync(() => clock.Armed > 0 || run.IsCompleted, "the elector waits on its clock", () => $"now {clock.GetUtcNow() - start}, requests {api.Requests}");
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
