using System.Diagnostics;
using System.Globalization;
using System.Text;
using DrainSafe.Entities;
using k8s.Models;
using Xunit.Abstractions;

namespace DrainSafe.Operator.Tests.EndToEnd.Soak;

/// <summary>
/// Random Azure events over 20 nodes under random API server and IMDS faults, the real operator and one real agent per
/// node, with the invariants checked while it runs (<see cref="InvariantMonitor"/>). CI runs it for
/// <see cref="SoakSettings.ShortDuration"/>; <c>DRAINSAFE_SOAK_MINUTES=30</c> runs the long form. A failure names its
/// seed and the command that replays it.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Nodes = 20;
    private static readonly TimeSpan AgentPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A drain that began this long before its deadline must finish without it (the soak's pods go in well under a second each).</summary>
    private static readonly TimeSpan FairDrainTime = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Random_events_over_20_nodes_under_random_api_and_imds_faults_keep_every_invariant()
    {
        var settings = SoakSettings.FromEnvironment();
        output.WriteLine($"soak: seed {settings.Seed}, {settings.Duration.TotalSeconds:F0} s of events and faults; replay: {settings.ReplayCommand}");
        var clock = Stopwatch.StartNew();
        using var logs = SoakLog.FromEnvironment();
        await using var world = await OperatorWorld.StartAsync(nodes: Nodes, serveImds: true, logs: logs);
        await world.DeployAsync("web", replicas: 8, graceSeconds: 30, pdbMaxUnavailable: "1");
        await world.DeployAsync("api", replicas: 6, graceSeconds: 20, pdbMinAvailable: "4");
        await world.DeployAsync("cache", replicas: 4, graceSeconds: 10, pdbMaxUnavailable: "1");
        await world.DeployAsync("worker", replicas: 6, graceSeconds: 5);
        await world.StartOperatorAsync();
        await world.StartAgentsAsync(AgentPollInterval);
        await Eventually.HoldsAsync(() => Enumerable.Range(0, Nodes).All(i => world.Maintenance(i) is not null), "every agent has created its NodeMaintenance",
            timeout: TimeSpan.FromSeconds(60));

        await using var monitor = new InvariantMonitor(world, Nodes);
        monitor.Start();
        var chaos = new SoakChaos(world, monitor, Nodes, settings.Seed);
        var faultsBefore = world.Cluster.Server.Faults.RandomFailuresServed;
        var playing = Stopwatch.StartNew();
        await chaos.RunAsync(settings.Duration);
        var played = playing.Elapsed;

        var settled = await SettleAsync(world, monitor);
        var lateNotices = 0;
        foreach (var e in world.Events("DrainDeadlineExceeded").Where(e => e.InvolvedObject.Kind == NodeMaintenance.KindName))
        {
            // A drain given FairDrainTime before its deadline must finish without it. One that began later (the event
            // reached DrainSafe late: IMDS faults hid it) deletes what is left at the deadline, as documented.
            var deadline = DeadlineOf(e.Message);
            var began = deadline is { } due ? monitor.DrainStarted(e.InvolvedObject.Name, due) : null;
            if (began is { } start && deadline - start >= FairDrainTime)
            {
                monitor.Violation($"drain deadline reached on {e.InvolvedObject.Name} {(deadline - start)!.Value.TotalSeconds:F1} s after the drain began (pods deleted ignoring their budgets): {e.Message}");
            }
            else
            {
                lateNotices++;
            }
        }

        var report = Report(settings, world, monitor, chaos, clock.Elapsed, played, settled, world.Cluster.Server.Faults.RandomFailuresServed - faultsBefore, lateNotices);
        output.WriteLine(report);
        if (settings.ReportPath is { Length: > 0 } path)
        {
            await File.AppendAllTextAsync(path, report + Environment.NewLine);
        }

        var violations = monitor.Violations;
        Assert.True(violations.Count == 0,
            $"seed {settings.Seed}: {violations.Count} invariant violations (replay: {settings.ReplayCommand}):\n{string.Join("\n", violations)}\n{report}");
        Assert.True(settled, $"seed {settings.Seed}: the cluster did not settle (replay: {settings.ReplayCommand})\n{report}");
        Assert.True(monitor.Evictions > 0 && monitor.Approvals > 0, $"seed {settings.Seed}: nothing was drained or approved\n{report}");
    }

    // Waits until every event has left the lists and every node is back in service with its NodeMaintenance at rest.
    private static async Task<bool> SettleAsync(OperatorWorld world, InvariantMonitor monitor)
    {
        try
        {
            await Eventually.HoldsAsync(() => world.Cluster.Imds.GetEvents().Count == 0, "every event over", timeout: TimeSpan.FromSeconds(90));
            await Eventually.HoldsAsync(
                () => Enumerable.Range(0, Nodes).All(i => world.NodeObject(i).Spec?.Unschedulable != true
                    && world.Maintenance(i)?.Status?.State is null or MaintenanceState.NodeRunning or MaintenanceState.NodeUncordoned),
                "every node back in service", () => string.Join("\n", Enumerable.Range(0, Nodes).Select(world.Describe)),
                InvariantMonitor.BackInServiceBound + TimeSpan.FromSeconds(15));
            return true;
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            monitor.Violation($"did not settle: {e.Message}");
            return false;
        }
    }

    // "The drain deadline 2026-12-07 01:58:54Z passed with ..." (DrainSafe's DrainDeadlineExceeded message).
    private static DateTimeOffset? DeadlineOf(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"The drain deadline (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})Z passed");
        return match.Success && DateTimeOffset.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    private static string Report(SoakSettings settings, OperatorWorld world, InvariantMonitor monitor, SoakChaos chaos, TimeSpan wall, TimeSpan played, bool settled, long apiFailures, int lateNotices)
    {
        var (announced, over, cancelled, actionable) = monitor.EventCounts();
        var imdsRequests = Enumerable.Range(0, Nodes).Sum(i => world.Cluster.Imds.GetVmStats(OperatorWorld.Vm(i)).Requests);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"soak figures (seed {settings.Seed}, {Nodes} nodes, {settings.Duration.TotalMinutes:F1} min of events and faults, wall {wall.TotalSeconds:F0} s, settled: {(settled ? "yes" : "no")})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  events announced     {announced} ({string.Join(", ", chaos.Events.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}); actionable {actionable}; over {over}; cancelled {cancelled}; never answered by IMDS while Scheduled {monitor.UnseenEvents}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  approvals            {monitor.Approvals} ({monitor.EarlyStarts} started an event before NotBefore)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  maintenances done    {monitor.ReturnedToService} nodes cordoned by DrainSafe and back in service");
        text.AppendLine(CultureInfo.InvariantCulture, $"  evictions            {monitor.Evictions} allowed, {monitor.EvictionsRefused} refused (429 and others)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  deadlines reached    {lateNotices}, each by a drain that began less than {FairDrainTime.TotalSeconds:F0} s before its deadline (the event reached DrainSafe late)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  faults injected      {chaos.Faults.Values.Sum()} ({string.Join("; ", chaos.Faults.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))}); API requests failed with 500: {apiFailures}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  requests             API server {world.Cluster.Server.Faults.RequestCount}, IMDS {imdsRequests}; invariant samples {monitor.Samples}; played {played.TotalSeconds:F0} s");
        text.Append(CultureInfo.InvariantCulture, $"  invariant violations {monitor.Violations.Count}");
        return text.ToString();
    }
}
