using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DrainSafe.Bench.Measurement;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.Scenarios;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Disruption;
using k8s.Models;

namespace DrainSafe.Bench.Latency;

/// <summary>
/// From an event appearing in the simulated IMDS to (a) the node's NodeMaintenance spec listing it (the agent), (b) the
/// node cordoned (the operator), (c) the first eviction of a pod of that node, with DrainSafe running as in a cluster
/// (<see cref="DrainSafeInCluster"/>: the real operator host and one real agent per node, polling at its default 1 s).
/// Each round schedules a Reboot on half of the nodes (the half holding the pods), lets it run its whole course
/// (drain, approval, reboot, end, uncordon), and waits until everything is back before the next round.
/// </summary>
internal static class LatencyBenchmark
{
    private const string Pool = "pool";
    private const string Namespace = "bench";
    private const string App = "web";
    private const int PodsPerNode = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Target = PollInterval + TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan EventDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The operator's options that <see cref="DrainSafeInCluster"/> sets for its demo, put back to DrainSafe's defaults.</summary>
    private static readonly Dictionary<string, string?> OperatorDefaults = new()
    {
        ["Operator:Workers"] = "2",
        ["DrainSafe:EvictionRetryDelay"] = "00:00:02",
        ["DrainSafe:DeadlineMargin"] = "00:00:05",
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        LatencyOptions options;
        try
        {
            options = LatencyOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"drainsafe-bench latency: {e.Message}");
            return 2;
        }

        var pods = options.Nodes * PodsPerNode;
        Console.WriteLine($"latency benchmark: {options.Nodes} nodes with an agent each (poll {PollInterval.TotalSeconds:F0} s), {pods} pods, " +
            $"{options.Rounds} rounds of {options.BatchSize} events (+1 untimed warm-up round), {Environment.ProcessorCount} cores");

        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions { ServeImds = true });
        var store = cluster.Store;
        CustomResourceDefinitionFile.Install(store, CustomResourceDefinitionFile.Locate()
            ?? throw new InvalidOperationException($"{CustomResourceDefinitionFile.RelativePath} not found: run from the repository."));
        store.Create(BuiltInResources.Namespaces, WorkloadManifests.Namespace(Namespace));
        cluster.AddNodePool(Pool, options.Nodes, maxPods: pods);
        await Poll.UntilAsync(() => store.List<V1Node>().Count == options.Nodes, TimeSpan.FromSeconds(30), "the nodes exist");
        store.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment(Namespace, App, pods));
        await Poll.UntilAsync(() => RunningPods(store) == pods, TimeSpan.FromSeconds(60), $"{pods} running pods");

        var probes = new ConcurrentDictionary<string, EventProbe>(StringComparer.Ordinal);
        await using var drainSafe = new DrainSafeInCluster(cluster) { AgentPollInterval = PollInterval, OperatorSettings = OperatorDefaults };
        await drainSafe.StartOperatorAsync(CancellationToken.None);
        await drainSafe.StartAgentsAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var watching = WatchAsync(store, probes, stop.Token);
        void OnEviction(EvictionObservation e)
        {
            if (e.NodeName is { } node && probes.TryGetValue(node, out var probe))
            {
                probe.EvictionSeen();
            }
        }

        cluster.Evictions.Observed += OnEviction;
        var timed = new List<EventProbe>();
        var podlessEvents = 0;
        try
        {
            for (var round = 0; round <= options.Rounds; round++)
            {
                // The half of the nodes that holds the pods now (the drains move them to the other half).
                var batch = Enumerable.Range(0, options.Nodes)
                    .Select(i => (Node: SandboxNames.NodeName(Pool, i), Vm: SandboxNames.VmName(Pool, i)))
                    .OrderByDescending(n => store.List<V1Pod>(Namespace, fieldSelector: "spec.nodeName=" + n.Node).Count)
                    .Take(options.BatchSize)
                    .ToList();
                probes.Clear();
                var hadPods = batch.ToDictionary(b => b.Node, b => store.List<V1Pod>(Namespace, fieldSelector: "spec.nodeName=" + b.Node).Count > 0);
                var scheduled = new List<EventProbe>();
                foreach (var (node, vm) in batch)
                {
                    // A random pause before each event, so each falls at its own point of the agents' poll cycles
                    // (the agents here start within milliseconds of each other, so their polls are in phase).
                    await Task.Delay(Random.Shared.Next(0, (int)PollInterval.TotalMilliseconds));
                    var eventId = Guid.NewGuid().ToString("D").ToUpperInvariant();
                    var probe = new EventProbe(node, vm, eventId, Stopwatch.GetTimestamp());
                    probes[node] = probe;
                    cluster.Imds.ScheduleEvent(new ScheduledEventSpec
                    {
                        EventId = eventId,
                        EventType = ImdsEventTypes.Reboot,
                        Resources = [vm],
                        Notice = TimeSpan.FromMinutes(10),
                        Duration = EventDuration,
                        Description = "latency benchmark",
                    });
                    scheduled.Add(probe);
                }

                await Poll.UntilAsync(() => scheduled.All(p => p.Spec is not null && p.Cordon is not null && (p.FirstEviction is not null || !hadPods[p.Node])),
                    RoundTimeout, $"round {round}: every event reaches its spec, cordon and first eviction", () => Describe(scheduled));
                await Poll.UntilAsync(() => Settled(cluster, scheduled, pods), RoundTimeout, $"round {round}: every node back in service",
                    () => Describe(scheduled) + $"; {RunningPods(store)} pods running");
                if (round == 0)
                {
                    Console.WriteLine($"warm-up round: {string.Join("; ", scheduled.Select(Line))}");
                    continue;
                }

                timed.AddRange(scheduled);
                podlessEvents += hadPods.Count(h => !h.Value);
                Console.WriteLine($"round {round}/{options.Rounds}: {string.Join("; ", scheduled.Select(Line))}");
            }
        }
        finally
        {
            cluster.Evictions.Observed -= OnEviction;
            await stop.CancelAsync();
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return Report(args, options, timed, podlessEvents);
    }

    private static int Report(IReadOnlyList<string> args, LatencyOptions options, List<EventProbe> timed, int podlessEvents)
    {
        var spec = Milliseconds(timed.Select(p => p.Spec));
        var cordon = Milliseconds(timed.Select(p => p.Cordon));
        var eviction = Milliseconds(timed.Select(p => p.FirstEviction));
        var operatorPart = Milliseconds(timed.Select(p => p.Cordon - p.Spec));
        var targetMs = Target.TotalMilliseconds;
        var cordonP99 = Statistics.Percentile(cordon, 99);
        var worst = cordon.Max();
        var met = cordonP99 <= targetMs;
        var verdict = met
            ? string.Create(CultureInfo.InvariantCulture, $"target met: cordon p99 {cordonP99:F0} ms <= {targetMs:F0} ms (poll interval + 100 ms); worst {worst:F0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"target MISSED: cordon p99 {cordonP99:F0} ms > {targetMs:F0} ms (poll interval + 100 ms) by {cordonP99 - targetMs:F0} ms; worst {worst:F0} ms");
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"latency: spec p50={Statistics.Percentile(spec, 50):F0} p99={Statistics.Percentile(spec, 99):F0} ms; cordon p50={Statistics.Percentile(cordon, 50):F0} p99={cordonP99:F0} ms; first eviction p50={Statistics.Percentile(eviction, 50):F0} p99={Statistics.Percentile(eviction, 99):F0} ms");

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{timed.Count} IMDS events ({options.Rounds} rounds of {options.BatchSize}, after one untimed warm-up round) on a simulated cluster of {options.Nodes} nodes ")
            .Append(CultureInfo.InvariantCulture, $"with {options.Nodes * PodsPerNode} pods of one Deployment, DrainSafe running through `DrainSafeInCluster`: the real operator host and one real agent per node, ")
            .Append(CultureInfo.InvariantCulture, $"**agents at their default poll interval of {PollInterval.TotalSeconds:F0} s** (other agent retry timings as DrainSafeInCluster sets them). ")
            .Append("Operator options are DrainSafe's defaults (Workers 2, EvictionRetryDelay 2 s, DeadlineMargin 5 s) except the demo's leader election timings (4 s lease) and health port. ")
            .Append("Each round schedules a Reboot (NotBefore in 10 min, duration 2 s) on each node of the half that holds the pods, one after the other after a random pause of 0-1 s each "
            + "(the agents start within milliseconds of each other, so their polls are in phase; the pause puts each event at its own point of the poll cycle), ")
            .Append("lets it run its course (drain, approval, reboot, end, uncordon) and waits until every node is back before the next round. ")
            .Append("Times run from `ImdsSimulator.ScheduleEvent` to (a) the node's NodeMaintenance spec listing the event, (b) the Node's spec.unschedulable true ")
            .Append("(both from the store's watch), (c) the first eviction of a pod of that node (`cluster.Evictions.Observed`).\n\n")
            .Append("| from the IMDS event to | p50 | p99 | max |\n|---|---|---|---|\n")
            .Append(Row("(a) NodeMaintenance spec updated (agent)", spec))
            .Append(Row("(b) node cordoned (operator)", cordon))
            .Append(Row("(c) first eviction", eviction))
            .Append(Row("(b) - (a): spec to cordon (operator alone)", operatorPart))
            .Append('\n')
            .Append(CultureInfo.InvariantCulture, $"Target: (b) within the poll interval plus 100 ms ({targetMs:F0} ms) at p99: **{verdict}**.\n\n")
            .Append(podlessEvents > 0 ? string.Create(CultureInfo.InvariantCulture, $"{podlessEvents} events fell on a node without pods (no eviction to time).\n\n") : "")
            .Append("Raw (ms, spec/cordon/first eviction per event): ")
            .Append(string.Join(", ", timed.Select(p => $"{Ms(p.Spec)}/{Ms(p.Cordon)}/{Ms(p.FirstEviction)}")))
            .Append("\n\n")
            .Append("Headline: `").Append(headline).Append("`\n");
        var path = ResultsFile.WriteSection(args.Contains("--quick") ? "latency-quick" : "latency", ResultsFile.Command("latency", args), body.ToString());
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operator alone (spec to cordon): p50 {Statistics.Percentile(operatorPart, 50):F0} ms, p99 {Statistics.Percentile(operatorPart, 99):F0} ms"));
        Console.WriteLine(verdict);
        Console.WriteLine($"results written to {path}");
        Console.WriteLine(headline);
        return 0;
    }

    private static async Task WatchAsync(ObjectStore store, ConcurrentDictionary<string, EventProbe> probes, CancellationToken cancellationToken)
    {
        await using var maintenances = store.Watch<NodeMaintenance>();
        await using var nodes = store.Watch(BuiltInResources.Nodes);
        await Task.WhenAll(
            Task.Run(async () =>
            {
                await foreach (var change in maintenances.ReadAllAsync(cancellationToken))
                {
                    if (change.Object is { } o && probes.TryGetValue(o.Name, out var probe)
                        && o.Deserialize<NodeMaintenance>().Spec?.Events?.Any(e => string.Equals(e.EventId, probe.EventId, StringComparison.OrdinalIgnoreCase)) == true)
                    {
                        probe.SpecSeen();
                    }
                }
            }, cancellationToken),
            Task.Run(async () =>
            {
                await foreach (var change in nodes.ReadAllAsync(cancellationToken))
                {
                    if (change.Object is { } o && probes.TryGetValue(o.Name, out var probe) && o.Deserialize<V1Node>().Spec?.Unschedulable == true)
                    {
                        probe.CordonSeen();
                    }
                }
            }, cancellationToken));
    }

    // Back in service: the event is gone from IMDS, the node is schedulable and Ready, its NodeMaintenance is idle, and every pod runs.
    private static bool Settled(SimulatedCluster cluster, IReadOnlyList<EventProbe> scheduled, int pods)
    {
        var store = cluster.Store;
        var events = cluster.Imds.GetEvents().Select(e => e.EventId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return RunningPods(store) == pods && scheduled.All(p =>
            !events.Contains(p.EventId)
            && store.Get<V1Node>(null, p.Node) is { } node
            && node.Spec?.Unschedulable != true
            && node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
            && store.Get<NodeMaintenance>(null, p.Node)?.Status?.State is null or MaintenanceState.NodeRunning or MaintenanceState.NodeUncordoned);
    }

    private static int RunningPods(ObjectStore store) =>
        store.List<V1Pod>(Namespace, labelSelector: "app=" + App).Count(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null);

    private static List<double> Milliseconds(IEnumerable<TimeSpan?> values) =>
        values.OfType<TimeSpan>().Select(v => v.TotalMilliseconds).ToList();

    private static string Row(string what, List<double> values) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {Statistics.Percentile(values, 50):F0} ms | {Statistics.Percentile(values, 99):F0} ms | {values.Max():F0} ms |\n");

    private static string Ms(TimeSpan? value) => value is { } v ? v.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Line(EventProbe p) => $"{p.Node[^2..]} {Ms(p.Spec)}/{Ms(p.Cordon)}/{Ms(p.FirstEviction)}";

    private static string Describe(IEnumerable<EventProbe> probes) =>
        string.Join("; ", probes.Select(p => $"{p.Node}: spec {Ms(p.Spec)} cordon {Ms(p.Cordon)} eviction {Ms(p.FirstEviction)}"));
}
