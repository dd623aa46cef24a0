using System.Globalization;
using System.Net;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.Integration;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary>
/// <see cref="LeaseLeaderElector"/> against an in-memory Lease API, held to client-go's leaderelection rules, on a clock
/// that moves only to the next time the elector waits for: every time below is exact, not a bound.
/// </summary>
public sealed class LeaseElectionRulesTests : IDisposable
{
    private const int Acquired = 3001;
    private const int TakenOver = 3002;
    private const int RenewDeadlinePassed = 3003;
    private const int AttemptFailed = 3004;
    private const int Released = 3005;

    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(3);

    private readonly SteppingClock clock = new(T0);
    private readonly LeaseServer server;
    private readonly Kubernetes kubernetes;
    private readonly LogCapture logs = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<DateTimeOffset> started = [];
    private Task? run;

    public LeaseElectionRulesTests()
    {
        server = new LeaseServer(clock);
        kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, server);
    }

    private Task Run => run ?? throw new InvalidOperationException("Not started.");

    private int Starts
    {
        get
        {
            lock (started)
            {
                return started.Count;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        kubernetes.Dispose();
    }

    private static LeaderElectionSettings Settings() => new()
    {
        Identity = "me",
        LeaseName = "lease",
        LeaseNamespace = "default",
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    private void Start()
    {
        var elector = new LeaseLeaderElector(kubernetes, Settings(), clock, logs.CreateLogger("elector"));
        run = Task.Run(() => elector.RunAsync(
            () =>
            {
                lock (started)
                {
                    started.Add(clock.GetUtcNow());
                }
            },
            stop.Token));
    }

    private string Describe() =>
        $"now +{clock.GetUtcNow() - T0}, run {run?.Status}, starts {Starts}, hung {server.Hung}\n"
        + string.Join('\n', server.Requests.Select(r => $"+{r.At - T0} {r.Method} {r.Status} v{r.VersionThen}"))
        + $"\n{logs}";

    /// <summary>Waits until the elector sleeps, waits on a hung call, or has returned.</summary>
    private Task WaitUntilIdleAsync() =>
        Eventually.HoldsAsync(() => Run.IsCompleted || clock.IsSleeping || (server.Hung > 0 && clock.HasArmedTimer), "the elector waits on its clock", Describe);

    /// <summary>Moves the clock to each next wake-up of the elector until <paramref name="done"/> holds.</summary>
    private async Task StepUntilAsync(Func<bool> done, TimeSpan limit)
    {
        while (true)
        {
            await WaitUntilIdleAsync();
            if (done())
            {
                return;
            }

            Assert.False(Run.IsCompleted, $"the elector returned early\n{Describe()}");
            Assert.True(clock.GetUtcNow() - T0 < limit, $"not done within {limit} on the clock\n{Describe()}");
            clock.AdvanceToNextTimer();
        }
    }

    private Task StepOnceAsync()
    {
        var at = clock.GetUtcNow();
        return StepUntilAsync(() => clock.GetUtcNow() > at, TimeSpan.FromMinutes(10));
    }

    private async Task LeadAsync()
    {
        Start();
        await StepUntilAsync(() => Starts == 1, TimeSpan.FromMinutes(2));
    }

    private IReadOnlyList<LeaseServer.Request> Writes => server.Requests.Where(r => r.Method != HttpMethod.Get).ToList();

    [Fact]
    public async Task A_missing_Lease_is_created_held_by_this_instance_and_leadership_starts_once_at_once()
    {
        await LeadAsync();

        Assert.Equal([T0], started);
        var create = Assert.Single(Writes);
        Assert.Equal(HttpMethod.Post, create.Method);
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/default/leases", create.Path);
        Assert.Equal("lease", create.Sent!.Metadata.Name);
        Assert.Equal("default", create.Sent.Metadata.NamespaceProperty);
        Assert.Equal("me", create.Sent.Spec.HolderIdentity);
        Assert.Equal(15, create.Sent.Spec.LeaseDurationSeconds);
        Assert.Equal(T0.UtcDateTime, create.Sent.Spec.AcquireTime);
        Assert.Equal(T0.UtcDateTime, create.Sent.Spec.RenewTime);
        Assert.Equal(0, create.Sent.Spec.LeaseTransitions);
        Assert.Equal(1, logs.CountOf(Acquired));
        Assert.False(Run.IsCompleted);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_released_Lease_is_taken_at_once_and_counts_a_change_of_holder(string? releasedHolder)
    {
        server.Store(new V1LeaseSpec
        {
            HolderIdentity = releasedHolder,
            LeaseDurationSeconds = 1,
            AcquireTime = (T0 - TimeSpan.FromMinutes(5)).UtcDateTime,
            RenewTime = T0.UtcDateTime,
            LeaseTransitions = 3,
        });

        await LeadAsync();

        Assert.Equal([T0], started);
        var update = Assert.Single(Writes);
        Assert.Equal(HttpMethod.Put, update.Method);
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/default/leases/lease", update.Path);
        Assert.Equal(update.VersionThen, update.Sent!.Metadata.ResourceVersion);
        Assert.Equal("me", update.Sent.Spec.HolderIdentity);
        Assert.Equal(15, update.Sent.Spec.LeaseDurationSeconds);
        Assert.Equal(T0.UtcDateTime, update.Sent.Spec.AcquireTime);
        Assert.Equal(T0.UtcDateTime, update.Sent.Spec.RenewTime);
        Assert.Equal(4, update.Sent.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task A_leader_renews_every_retry_period_keeping_its_acquire_time_and_transition_count()
    {
        server.Store(new V1LeaseSpec { HolderIdentity = "", LeaseTransitions = 7 });
        await LeadAsync();

        for (var renewal = 1; renewal <= 4; renewal++)
        {
            await StepOnceAsync();

            Assert.Equal(T0 + (RetryPeriod * renewal), clock.GetUtcNow());
            var update = Writes[^1];
            Assert.Equal(HttpStatusCode.OK, update.Status);
            Assert.Equal(update.VersionThen, update.Sent!.Metadata.ResourceVersion);
            Assert.Equal("me", update.Sent.Spec.HolderIdentity);
            Assert.Equal(clock.GetUtcNow().UtcDateTime, update.Sent.Spec.RenewTime);
            Assert.Equal(T0.UtcDateTime, update.Sent.Spec.AcquireTime);
            Assert.Equal(8, update.Sent.Spec.LeaseTransitions);
        }

        Assert.Equal(5, Writes.Count);
        Assert.Single(started);
        Assert.False(Run.IsCompleted);
    }

    [Fact]
    public async Task A_leader_whose_renewals_fail_steps_down_exactly_at_its_renew_deadline()
    {
        await LeadAsync();
        server.Fail = _ => HttpStatusCode.InternalServerError;

        await StepUntilAsync(() => Run.IsCompleted, TimeSpan.FromMinutes(1));

        // Attempts at 3, 6 and 9 s fail; the last wait is cut to the 1 s left, and leadership ends at 10 s, not at 12 s.
        await Run;
        Assert.Equal(T0 + RenewDeadline, clock.GetUtcNow());
        Assert.Equal(
            [T0 + RetryPeriod, T0 + (RetryPeriod * 2), T0 + (RetryPeriod * 3)],
            server.Requests.Where(r => r.Status == HttpStatusCode.InternalServerError).Select(r => r.At));
        Assert.Equal(1, logs.CountOf(RenewDeadlinePassed));
        Assert.Equal(3, logs.CountOf(AttemptFailed));
    }

    [Fact]
    public async Task A_leader_whose_renewal_hangs_abandons_it_and_steps_down_exactly_at_its_renew_deadline()
    {
        await LeadAsync();
        server.Hang = _ => true;

        await StepUntilAsync(() => Run.IsCompleted, TimeSpan.FromMinutes(1));

        await Run;
        Assert.Equal(T0 + RenewDeadline, clock.GetUtcNow());
        Assert.Equal(0, server.Hung);
        Assert.Contains(logs.MessagesOf(AttemptFailed), m => m.Contains("timed out", StringComparison.Ordinal));
        Assert.Equal(1, logs.CountOf(RenewDeadlinePassed));
    }

    [Fact]
    public async Task A_leader_whose_renewal_fails_only_after_its_renew_deadline_steps_down_at_once()
    {
        await LeadAsync();
        var late = true;
        server.OnArrival = _ =>
        {
            if (late)
            {
                // The API answers the renewal sent at 3 s only at 11 s, and with an error.
                late = false;
                clock.Advance(TimeSpan.FromSeconds(8));
            }
        };
        server.Fail = _ => HttpStatusCode.ServiceUnavailable;

        await StepUntilAsync(() => Run.IsCompleted, TimeSpan.FromMinutes(1));

        await Run;
        Assert.Equal(T0 + TimeSpan.FromSeconds(11), clock.GetUtcNow());
        Assert.Single(server.Requests, r => r.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, logs.CountOf(RenewDeadlinePassed));
    }

    [Fact]
    public async Task A_leader_that_sees_another_holder_steps_down_at_its_next_renewal_without_writing()
    {
        await LeadAsync();
        server.Hold("other", T0, transitions: 1);
        var writes = Writes.Count;

        await StepUntilAsync(() => Run.IsCompleted, TimeSpan.FromMinutes(1));

        await Run;
        Assert.Equal(T0 + RetryPeriod, clock.GetUtcNow());
        Assert.Equal(writes, Writes.Count);
        Assert.Equal("other", server.Holder);
        Assert.Equal(1, logs.CountOf(TakenOver));
    }

    [Fact]
    public async Task Another_holder_s_Lease_is_respected_for_its_own_duration_from_when_its_last_change_was_seen()
    {
        // Its renewTime lies an hour back, which a follower must not trust; it declares 40 s, longer than this instance's 15 s.
        server.Hold("other", T0 - TimeSpan.FromHours(1), durationSeconds: 40, transitions: 2);

        await LeadAsync();

        var takenAt = Assert.Single(started);
        var attempts = server.Requests.Where(r => r.Method == HttpMethod.Get).Select(r => r.At).ToList();
        Assert.True(takenAt >= T0 + TimeSpan.FromSeconds(40), $"taken at +{takenAt - T0}\n{Describe()}");
        Assert.Equal(takenAt, attempts[^1]);
        Assert.True(attempts[^2] < T0 + TimeSpan.FromSeconds(40), $"the follower let the expiry pass by a whole retry\n{Describe()}");
        var update = Assert.Single(Writes);
        Assert.Equal("me", update.Sent!.Spec.HolderIdentity);
        Assert.Equal(3, update.Sent.Spec.LeaseTransitions);
        Assert.Equal(takenAt.UtcDateTime, update.Sent.Spec.AcquireTime);
    }

    [Fact]
    public async Task A_follower_that_looks_at_the_instant_the_holder_s_Lease_expires_takes_it_over()
    {
        // client-go's rule: a Lease is valid strictly before observed time + duration; at that instant it is free.
        server.Hold("other", T0, durationSeconds: 15, transitions: 2);
        var expiry = T0 + LeaseDuration;
        Start();

        while (Starts == 0)
        {
            await WaitUntilIdleAsync();
            Assert.False(Run.IsCompleted, Describe());
            Assert.True(clock.GetUtcNow() < expiry, $"the expiry passed without an attempt\n{Describe()}");
            var due = clock.NextDue!.Value;
            if (due <= expiry && due + (RetryPeriod * 1.2) > expiry)
            {
                // This wake-up may be the last before the expiry: let it come late, at the expiry itself.
                clock.Advance(expiry - clock.GetUtcNow());
                await WaitUntilIdleAsync();
                break;
            }

            clock.AdvanceToNextTimer();
        }

        Assert.Equal([expiry], started);
        Assert.Equal(expiry, server.Requests.Last(r => r.Method == HttpMethod.Get).At);
    }

    [Fact]
    public async Task A_follower_retries_no_sooner_than_the_retry_period_and_at_most_a_fifth_later()
    {
        server.Hold("other", T0, durationSeconds: 60);

        await LeadAsync();

        var attempts = server.Requests.Where(r => r.Method == HttpMethod.Get).Select(r => r.At).ToList();
        Assert.True(attempts.Count >= 15, Describe());
        Assert.All(
            attempts.Zip(attempts.Skip(1), (a, b) => b - a),
            gap => Assert.InRange(gap, RetryPeriod, RetryPeriod * 1.2));
    }

    [Fact]
    public async Task A_holder_that_keeps_renewing_is_never_displaced()
    {
        server.Hold("other", T0);
        var renewedAt = T0;
        Start();

        await StepUntilAsync(
            () =>
            {
                var now = clock.GetUtcNow();
                if (now - renewedAt >= TimeSpan.FromSeconds(5))
                {
                    renewedAt = now;
                    server.Hold("other", now);
                }

                return now - T0 >= TimeSpan.FromMinutes(2);
            },
            TimeSpan.FromMinutes(3));

        Assert.Empty(started);
        Assert.Empty(Writes);
        Assert.Equal("other", server.Holder);
    }

    [Fact]
    public async Task A_write_that_loses_the_race_for_the_Lease_is_not_leadership_and_the_Lease_is_read_again()
    {
        server.Store(new V1LeaseSpec { HolderIdentity = "", LeaseDurationSeconds = 1, LeaseTransitions = 2 });
        server.OnArrival = method =>
        {
            if (method == HttpMethod.Put && server.Holder is null or "")
            {
                // Another follower's write lands between this instance's read and its write.
                server.Hold("other", clock.GetUtcNow(), transitions: 3);
            }
        };
        Start();

        await StepUntilAsync(() => server.Requests.Count(r => r.Method == HttpMethod.Get) >= 4, TimeSpan.FromMinutes(1));

        Assert.Empty(started);
        var write = Assert.Single(Writes);
        Assert.Equal(HttpStatusCode.Conflict, write.Status);
        Assert.Equal("other", server.Holder);
        Assert.All(server.Requests.SkipWhile(r => r != write).Skip(1), r => Assert.Equal(HttpMethod.Get, r.Method));
        // A lost race is the normal way of elections, not a failure to report.
        Assert.Equal(0, logs.CountOf(AttemptFailed));
    }

    [Fact]
    public async Task Stopping_a_leader_releases_the_Lease_at_once_with_a_one_second_duration_and_its_transition_count()
    {
        server.Store(new V1LeaseSpec { HolderIdentity = "", LeaseTransitions = 5 });
        await LeadAsync();
        await StepOnceAsync();
        var stoppedAt = clock.GetUtcNow();

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run);
        var release = Writes[^1];
        Assert.Equal(HttpStatusCode.OK, release.Status);
        Assert.Equal(release.VersionThen, release.Sent!.Metadata.ResourceVersion);
        var lease = server.Lease!;
        Assert.True(string.IsNullOrEmpty(lease.Spec.HolderIdentity), $"still held by {lease.Spec.HolderIdentity}");
        Assert.Equal(1, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(6, lease.Spec.LeaseTransitions);
        Assert.Equal(stoppedAt.UtcDateTime, lease.Spec.RenewTime);
        Assert.Equal(stoppedAt.UtcDateTime, lease.Spec.AcquireTime);
        Assert.Equal(1, logs.CountOf(Released));
    }

    [Fact]
    public async Task Stopping_after_another_instance_took_the_Lease_leaves_that_instance_s_Lease_alone()
    {
        await LeadAsync();
        server.Hold("other", T0, transitions: 1);
        var taken = server.Lease!;

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run);
        var lease = server.Lease!;
        Assert.Equal("other", lease.Spec.HolderIdentity);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(taken.Metadata.ResourceVersion, lease.Metadata.ResourceVersion);
        Assert.Equal(0, logs.CountOf(Released));
    }

    [Fact]
    public async Task Stopping_a_follower_leaves_the_holder_s_Lease_alone()
    {
        server.Hold("other", T0);
        Start();
        await WaitUntilIdleAsync();

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run);
        Assert.Empty(Writes);
        Assert.Equal("other", server.Holder);
    }

    [Fact]
    public async Task A_release_that_fails_is_given_up_and_the_stop_still_ends_in_cancellation()
    {
        await LeadAsync();
        server.Fail = _ => HttpStatusCode.InternalServerError;

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run);
        Assert.Contains(logs.MessagesOf(AttemptFailed), m => m.Contains("release failed", StringComparison.Ordinal));
        Assert.Equal(0, logs.CountOf(Released));
    }

    [Fact]
    public async Task Missing_collaborators_are_refused_before_the_Lease_is_touched()
    {
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => new LeaseLeaderElector(null!, Settings(), clock, NullLogger.Instance)).ParamName);
        Assert.Equal("timeProvider", Assert.Throws<ArgumentNullException>(() => new LeaseLeaderElector(kubernetes, Settings(), null!, NullLogger.Instance)).ParamName);
        Assert.Equal("logger", Assert.Throws<ArgumentNullException>(() => new LeaseLeaderElector(kubernetes, Settings(), clock, null!)).ParamName);
        var elector = new LeaseLeaderElector(kubernetes, Settings(), clock, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => elector.RunAsync(null!, stop.Token));

        Assert.Equal("onStartedLeading", error.ParamName);
        Assert.Empty(server.Requests);
    }
}
