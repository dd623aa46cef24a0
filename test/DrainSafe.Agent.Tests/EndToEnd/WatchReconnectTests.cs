using System.Globalization;
using System.Text.RegularExpressions;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>
/// The agent watches its NodeMaintenance for approvable events. Watches dropped every few seconds (seen in the soak)
/// must not push its reconnect delay towards RetryMaxDelay (60 s by default), which left the agent blind to approvals
/// for that long: a watch that delivered something was healthy, so the drop after it is a first failure.
/// </summary>
public sealed partial class WatchReconnectTests : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync(nodes: 1);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_watch_dropped_after_delivering_a_change_reconnects_after_the_initial_delay_however_often_it_drops()
    {
        var options = world.OptionsFor(0);
        options.RetryMaxDelay = TimeSpan.FromSeconds(60);
        await world.StartAgentAsync(options);
        var resource = world.Store.ResourceFor<NodeMaintenance>();
        for (var i = 0; i < 4; i++)
        {
            var eventId = world.ScheduleEvent(TimeSpan.FromSeconds(1), AgentWorld.Vm(0));
            await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), $"event {i + 1} is in the spec");
            await Eventually.HoldsAsync(() => world.Store.OpenWatchCountOf(resource) == 1, "the agent's watch is open", world.Diagnostics);

            // Approved only once the agent's watch has shown it the approvable event: the watch has delivered a change.
            world.MarkApprovable(0, eventId);
            await Eventually.HoldsAsync(() => world.Imds.GetApprovals().Count == i + 1, $"event {i + 1} is approved", world.Diagnostics);
            world.Cluster.Server.Faults.DropAllWatches();
            await Eventually.HoldsAsync(() => Delays().Count == i + 1, $"drop {i + 1} is logged with its retry delay", world.Diagnostics);
        }

        Assert.All(Delays(), d => Assert.True(d <= options.RetryInitialDelay, $"retry delays {string.Join(", ", Delays())} exceed the initial delay"));
    }

    private List<TimeSpan> Delays() =>
        world.Logs.Lines.Select(l => WatchRetry().Match(l)).Where(m => m.Success)
            .Select(m => TimeSpan.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"Watch of NodeMaintenance .* failed: .*; retry in (\S+)$")]
    private static partial Regex WatchRetry();
}
