using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Imds;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd.Soak;

/// <summary>
/// The soak's randomness, all from one seed: Azure events over the nodes (Reboot, Redeploy, Freeze; one VM or a few,
/// some user-initiated, some cancelled), and faults (API 500s on 5 % of all requests in windows, dropped watches, one
/// 410 now and then; IMDS 429 bursts, 5xx, 410, empty, truncated and garbage bodies, outages, restarts that start
/// the incarnation over, stale documents of a lower incarnation).
/// </summary>
internal sealed class SoakChaos
{
    private readonly OperatorWorld world;
    private readonly InvariantMonitor monitor;
    private readonly int nodes;
    private readonly Random eventRandom;
    private readonly Random faultRandom;
    private readonly Random apiRandom;
    private readonly Dictionary<string, DateTimeOffset> lastIncarnationFault = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> outageUntil = new(StringComparer.Ordinal);

    public SoakChaos(OperatorWorld world, InvariantMonitor monitor, int nodes, int seed)
    {
        this.world = world;
        this.monitor = monitor;
        this.nodes = nodes;
        eventRandom = new Random(seed);
        faultRandom = new Random(unchecked(seed * 31 + 1));
        apiRandom = new Random(unchecked(seed * 31 + 2));
    }

    /// <summary>Faults injected, by kind.</summary>
    public ConcurrentDictionary<string, int> Faults { get; } = new(StringComparer.Ordinal);

    /// <summary>Events announced, by type.</summary>
    public ConcurrentDictionary<string, int> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Plays events and faults until <paramref name="duration"/> has passed, then removes every fault.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        using var timeUp = new CancellationTokenSource(duration);
        await Task.WhenAll(AnnounceAsync(timeUp.Token), InjectImdsAndWatchFaultsAsync(timeUp.Token), FailApiRequestsAsync(timeUp.Token));
        world.Cluster.Server.Faults.Reset();
        world.Cluster.Imds.ClearFaults();
    }

    private static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Seconds(Random random, double min, double max) => TimeSpan.FromSeconds(min + random.NextDouble() * (max - min));

    private void Count(ConcurrentDictionary<string, int> counts, string kind) => counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        var cancellations = new List<Task>();
        while (await PauseAsync(Seconds(eventRandom, 0.3, 1.2), cancellationToken))
        {
            var free = FreeVms();
            if (free.Count == 0)
            {
                continue;
            }

            var roll = eventRandom.NextDouble();
            var type = roll < 0.5 ? ImdsEventTypes.Reboot : roll < 0.75 ? ImdsEventTypes.Redeploy : ImdsEventTypes.Freeze;
            var count = eventRandom.NextDouble() < 0.7 ? 1 : Math.Min(free.Count, 2 + eventRandom.Next(2));
            var vms = free.OrderBy(_ => eventRandom.Next()).Take(count).ToList();
            var user = count == 1 && eventRandom.NextDouble() < 0.15;
            var notice = type == ImdsEventTypes.Freeze ? Seconds(eventRandom, 3, 8) : Seconds(eventRandom, 12, 25);
            var cancelAfter = eventRandom.NextDouble() < 0.1 ? Seconds(eventRandom, 1, notice.TotalSeconds / 2) : (TimeSpan?)null;
            var spec = new ScheduledEventSpec
            {
                EventType = type,
                Resources = vms,
                Notice = notice,
                EventSource = user ? ImdsEventSources.User : ImdsEventSources.Platform,
                Duration = Seconds(eventRandom, 2, 4),
                ImpactDuration = TimeSpan.FromSeconds(1),
                Description = "soak",
            };
            var eventId = Guid.NewGuid().ToString("D").ToUpperInvariant();
            monitor.Announced(eventId, type, vms);
            world.Cluster.Imds.ScheduleEvent(spec with { EventId = eventId });
            Count(Events, type);
            if (cancelAfter is { } after)
            {
                cancellations.Add(CancelLaterAsync(eventId, after));
            }
        }

        await Task.WhenAll(cancellations);
    }

    private async Task CancelLaterAsync(string eventId, TimeSpan after)
    {
        await Task.Delay(after, CancellationToken.None);
        if (world.Cluster.Imds.CancelEvent(eventId))
        {
            monitor.Cancelled(eventId);
            Count(Events, "cancelled");
        }
    }

    // VMs without an event listed and whose node is in service, so that every cordon is owed to exactly one event.
    private List<string> FreeVms()
    {
        var listed = world.Cluster.Imds.GetEvents();
        var cordoned = world.Store.List<V1Node>().Where(n => n.Spec?.Unschedulable == true).Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, nodes)
            .Where(i => !cordoned.Contains(OperatorWorld.Node(i)) && !listed.Any(e => e.Resources.Contains(OperatorWorld.Vm(i), StringComparer.OrdinalIgnoreCase)))
            .Select(OperatorWorld.Vm)
            .ToList();
    }

    private async Task FailApiRequestsAsync(CancellationToken cancellationToken)
    {
        var faults = world.Cluster.Server.Faults;
        while (await PauseAsync(Seconds(apiRandom, 1, 4), cancellationToken))
        {
            faults.FailRandomly(0.05, 500, apiRandom.Next());
            Count(Faults, "api: 5 % of requests fail with 500 (window)");
            await PauseAsync(Seconds(apiRandom, 2, 6), cancellationToken);
            faults.StopFailingRandomly();
        }
    }

    private async Task InjectImdsAndWatchFaultsAsync(CancellationToken cancellationToken)
    {
        var imds = world.Cluster.Imds;
        var api = world.Cluster.Server.Faults;
        var outages = new List<Task>();
        while (await PauseAsync(Seconds(faultRandom, 0.3, 1.5), cancellationToken))
        {
            var vm = OperatorWorld.Vm(faultRandom.Next(nodes));
            var now = DateTimeOffset.UtcNow;
            var roll = faultRandom.NextDouble();
            switch (roll)
            {
                case < 0.2:
                    api.DropAllWatches();
                    Count(Faults, "api: every watch dropped");
                    break;
                case < 0.25:
                    api.ExpireNextWatch();
                    Count(Faults, "api: next watch answers 410 Expired");
                    break;
                case < 0.4:
                    imds.FailNextCalls(429, 3 + faultRandom.Next(13), vm);
                    Count(Faults, "imds: 429 burst");
                    break;
                case < 0.5:
                    imds.FailNextCalls(faultRandom.NextDouble() < 0.5 ? 500 : 503, 2 + faultRandom.Next(7), vm);
                    Count(Faults, "imds: 5xx burst");
                    break;
                case < 0.55:
                    imds.FailNextCalls(410, 1, vm);
                    Count(Faults, "imds: 410");
                    break;
                case < 0.65:
                    switch (faultRandom.Next(3))
                    {
                        case 0:
                            imds.ServeEmptyBodies(1 + faultRandom.Next(3), vm);
                            break;
                        case 1:
                            imds.ServeTruncatedBodies(1 + faultRandom.Next(3), vm);
                            break;
                        default:
                            imds.ServeBodies("<html><body><h1>502 Bad Gateway</h1></body></html>", 1 + faultRandom.Next(3), vm);
                            break;
                    }

                    Count(Faults, "imds: empty, truncated or garbage bodies");
                    break;
                case < 0.75:
                    if (outageUntil.GetValueOrDefault(vm) < now)
                    {
                        var outage = Seconds(faultRandom, 1, 4);
                        outageUntil[vm] = now + outage;
                        imds.StopAnswering(vm);
                        outages.Add(ResumeLaterAsync(vm, outage));
                        Count(Faults, "imds: outage (1-4 s)");
                    }

                    break;
                case < 0.85:
                    // One incarnation fault per VM at a time, well apart, so that two backward answers never come in a row by accident.
                    if (lastIncarnationFault.GetValueOrDefault(vm) + TimeSpan.FromSeconds(10) < now && outageUntil.GetValueOrDefault(vm) < now)
                    {
                        lastIncarnationFault[vm] = now;
                        imds.RestartIncarnation(vm);
                        Count(Faults, "imds: restart, incarnation starts over");
                    }

                    break;
                default:
                    if (lastIncarnationFault.GetValueOrDefault(vm) + TimeSpan.FromSeconds(10) < now && outageUntil.GetValueOrDefault(vm) < now
                        && monitor.PreviousDocument(vm) is { } previous)
                    {
                        lastIncarnationFault[vm] = now;
                        monitor.StaleDocumentQueued(vm, previous);
                        imds.ServeBodies(StaleJson(previous), 1, vm);
                        Count(Faults, "imds: one stale document (lower incarnation)");
                    }

                    break;
            }
        }

        await Task.WhenAll(outages);
    }

    private async Task ResumeLaterAsync(string vm, TimeSpan outage)
    {
        await Task.Delay(outage, CancellationToken.None);
        world.Cluster.Imds.ResumeAnswering(vm);
    }

    private static string StaleJson(ImdsDocument document) => new JsonObject
    {
        ["DocumentIncarnation"] = document.DocumentIncarnation,
        ["Events"] = new JsonArray(document.Events.Select(e => (JsonNode)new JsonObject
        {
            ["EventId"] = e.EventId,
            ["EventStatus"] = e.EventStatus.ToString(),
            ["EventType"] = e.EventType,
            ["ResourceType"] = e.ResourceType,
            ["Resources"] = new JsonArray(e.Resources.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
            ["NotBefore"] = e.NotBefore?.ToString("r", CultureInfo.InvariantCulture) ?? string.Empty,
            ["Description"] = e.Description,
            ["EventSource"] = e.EventSource,
            ["DurationInSeconds"] = e.DurationInSeconds,
        }).ToArray()),
    }.ToJsonString();
}
