using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class FaultTests
{
    [Fact]
    public async Task Fail_next_answers_matching_requests_with_the_given_status_then_stops()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailNext(2, 503, method: "GET", pathContains: "/nodes");

        var first = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());
        await client.CoreV1.ListNamespaceAsync();
        var second = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());
        var third = await client.CoreV1.ListNodeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Response.StatusCode);
        Assert.Contains("\"reason\":\"ServiceUnavailable\"", first.Response.Content);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Response.StatusCode);
        Assert.Empty(third.Items);
    }

    [Fact]
    public async Task Hang_next_holds_a_matching_request_unanswered_until_its_client_gives_up_then_answers_again()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        server.Faults.HangNext(1, method: "GET", pathContains: "/nodes");

        await client.CoreV1.ListNamespaceAsync();
        using var giveUp = new CancellationTokenSource();
        var held = client.CoreV1.ListNodeAsync(cancellationToken: giveUp.Token);
        await Eventually.HoldsAsync(() => server.Faults.HungRequests == 1, "the request is held");
        Assert.False(held.IsCompleted);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        Assert.Empty((await client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Requests_are_recorded_so_tests_can_assert_that_no_write_happened()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        server.Faults.ClearRequests();

        await client.CoreV1.ReadNodeAsync("node-1");
        await client.CoreV1.ListNodeAsync(labelSelector: "a=b");

        Assert.Equal(0, server.Faults.WriteCount);
        Assert.Equal(2, server.Faults.RequestCount);
        Assert.Equal(["GET /api/v1/nodes/node-1 200", "GET /api/v1/nodes?labelSelector=a%3Db&watch=false 200"],
            server.Faults.Requests.Select(r => r.ToString()));
    }

    [Fact]
    public async Task Latency_holds_every_answer_until_that_much_time_has_passed()
    {
        var latency = TimeSpan.FromMinutes(10);
        var time = new DelayWatchingTimeProvider(latency);
        await using var server = await TestObjects.StartAsync(new DrainSafe.Sandbox.Api.SandboxApiServerOptions { Time = time });
        using var client = server.CreateClient();
        server.Faults.Latency = latency;

        var answer = client.CoreV1.ListNodeAsync();
        await time.LatencyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(answer.IsCompleted, "the answer came before the latency had passed");
        time.Advance(latency);
        var nodes = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(nodes.Items);
    }

    // A fake clock that says when the request handler starts waiting out the injected latency.
    private sealed class DelayWatchingTimeProvider(TimeSpan latency) : FakeTimeProvider
    {
        public TaskCompletionSource LatencyStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == latency)
            {
                LatencyStarted.TrySetResult();
            }

            return timer;
        }
    }

    [Fact]
    public async Task Random_failures_hit_about_the_given_fraction_of_all_requests_the_same_ones_for_the_same_seed_until_stopped()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        async Task<List<bool>> FailuresAsync(int seed)
        {
            server.Faults.FailRandomly(0.2, 500, seed);
            var failed = new List<bool>();
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await client.CoreV1.ListNamespaceAsync();
                    failed.Add(false);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    failed.Add(true);
                }
            }

            server.Faults.StopFailingRandomly();
            return failed;
        }

        var first = await FailuresAsync(7);
        var again = await FailuresAsync(7);
        await client.CoreV1.ListNamespaceAsync();

        Assert.InRange(first.Count(f => f), 20, 60);
        Assert.Equal(first, again);
        Assert.Equal(first.Count(f => f) * 2, server.Faults.RandomFailuresServed);
    }
}
