using System.Net;
using k8s;
using k8s.Autorest;

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
    public async Task Latency_delays_answers()
    {
        await using var server = await TestObjects.StartAsync(new DrainSafe.Sandbox.Api.SandboxApiServerOptions
        {
            Time = new CountingTimeProvider(),
        });
        using var client = server.CreateClient();
        server.Faults.Latency = TimeSpan.FromMilliseconds(1);

        await client.CoreV1.ListNodeAsync();

        Assert.True(((CountingTimeProvider)server.Store.Time).TimersCreated > 0);
    }

    private sealed class CountingTimeProvider : TimeProvider
    {
        private int _timers;

        public int TimersCreated => _timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
