using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.Watch;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Health;

public sealed class WatchHealthCheckTests
{
    private readonly FakeTimeProvider time = new();
    private readonly WatchHeartbeatRegistry registry = new();

    private sealed class Heartbeat(DateTimeOffset last, bool synced) : IWatchHeartbeat
    {
        public string Resource => "widgets.test.drainsafe.azure.com";

        public DateTimeOffset LastHeartbeat { get; set; } = last;

        public bool HasSynced { get; set; } = synced;
    }

    private WatchHeartbeatHealthCheck LivenessWithWindow(TimeSpan window)
    {
        var settings = new OperatorSettings();
        settings.Informer.HeartbeatWindow = window;
        return new WatchHeartbeatHealthCheck(registry, Microsoft.Extensions.Options.Options.Create(settings), time);
    }

    private static async Task<HealthStatus> Check(IHealthCheck check) =>
        (await check.CheckHealthAsync(new HealthCheckContext())).Status;

    [Fact]
    public async Task A_watch_heard_from_within_twice_the_heartbeat_window_is_healthy()
    {
        var check = LivenessWithWindow(TimeSpan.FromSeconds(10));
        using var _ = registry.Register(new Heartbeat(time.GetUtcNow(), synced: true));

        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(HealthStatus.Healthy, await Check(check));
    }

    [Fact]
    public async Task A_watch_silent_for_longer_than_twice_the_heartbeat_window_is_unhealthy()
    {
        var check = LivenessWithWindow(TimeSpan.FromSeconds(10));
        using var _ = registry.Register(new Heartbeat(time.GetUtcNow(), synced: true));

        time.Advance(TimeSpan.FromSeconds(21));

        var result = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("widgets.test.drainsafe.azure.com", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follower_with_no_running_watch_is_healthy_and_ready()
    {
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HealthStatus.Healthy, await Check(LivenessWithWindow(TimeSpan.FromSeconds(10))));
        Assert.Equal(HealthStatus.Healthy, await Check(new InformerSyncHealthCheck(registry)));
    }

    [Fact]
    public async Task An_informer_that_has_not_listed_yet_is_not_ready_and_a_stopped_one_no_longer_counts()
    {
        var heartbeat = new Heartbeat(time.GetUtcNow(), synced: false);
        var registration = registry.Register(heartbeat);
        var readiness = new InformerSyncHealthCheck(registry);

        Assert.Equal(HealthStatus.Unhealthy, await Check(readiness));
        heartbeat.HasSynced = true;
        Assert.Equal(HealthStatus.Healthy, await Check(readiness));
        heartbeat.HasSynced = false;
        registration.Dispose();
        Assert.Equal(HealthStatus.Healthy, await Check(readiness));
    }
}
