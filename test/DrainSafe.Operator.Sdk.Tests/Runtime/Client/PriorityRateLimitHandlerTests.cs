using System.Net;
using DrainSafe.Operator.Sdk.Client;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Client;

public sealed class PriorityRateLimitHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_burst_goes_at_once_and_the_next_request_waits_for_a_token()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 10, burst: 3, time);

        var first = Enumerable.Range(0, 3).Select(_ => limit.AcquireAsync(null, CancellationToken.None)).ToList();
        var fourth = limit.AcquireAsync(null, CancellationToken.None);

        Assert.All(first, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.True(fourth.IsCompletedSuccessfully);
    }

    [Fact]
    public void Waiting_requests_go_earliest_deadline_first_and_those_without_one_as_if_due_five_minutes_after_arrival()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 1, burst: 1, time);
        Assert.True(limit.AcquireAsync(null, CancellationToken.None).IsCompletedSuccessfully);

        var none = limit.AcquireAsync(null, CancellationToken.None);
        var reboot = limit.AcquireAsync(Start.AddMinutes(15), CancellationToken.None);
        var preempt = limit.AcquireAsync(Start.AddSeconds(30), CancellationToken.None);
        Assert.Equal(3, limit.Waiting);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(preempt.IsCompletedSuccessfully);
        Assert.False(reboot.IsCompleted);
        Assert.False(none.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(none.IsCompletedSuccessfully);
        Assert.False(reboot.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(reboot.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_request_without_a_deadline_is_not_starved_by_a_stream_of_later_deadlines()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 1, burst: 1, time);
        _ = limit.AcquireAsync(null, CancellationToken.None);
        var renewal = limit.AcquireAsync(null, CancellationToken.None);

        // Work due in 15 minutes keeps arriving; the request without a deadline counts as due in 5.
        for (var i = 0; i < 3; i++)
        {
            _ = limit.AcquireAsync(time.GetUtcNow().AddMinutes(15), CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(renewal.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Lease_requests_pass_without_a_token_so_a_busy_leader_still_renews()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 1, burst: 1, time) { InnerHandler = new Answer() };
        using var client = new HttpClient(limit);
        _ = await client.GetAsync(new Uri("http://api/api/v1/nodes"));

        var renewal = client.PutAsync(new Uri("http://api/apis/coordination.k8s.io/v1/namespaces/default/leases/drainsafe-operator"), null);

        Assert.Equal(HttpStatusCode.OK, (await renewal.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public void A_cancelled_waiter_gives_up_its_place()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 1, burst: 1, time);
        _ = limit.AcquireAsync(null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limit.AcquireAsync(Start, cancel.Token);
        var next = limit.AcquireAsync(Start.AddHours(1), CancellationToken.None);

        cancel.Cancel();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(cancelled.IsCanceled);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Watches_pass_without_a_token_and_other_requests_wait_for_one()
    {
        var time = new FakeTimeProvider(Start);
        using var limit = new PriorityRateLimitHandler(qps: 1, burst: 1, time) { InnerHandler = new Answer() };
        using var client = new HttpClient(limit);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("http://api/api/v1/nodes"))).StatusCode);

        var watch = client.GetAsync(new Uri("http://api/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3Dn"));
        var list = client.GetAsync(new Uri("http://api/api/v1/pods"));

        Assert.Equal(HttpStatusCode.OK, (await watch.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.False(list.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await list.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    private sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
