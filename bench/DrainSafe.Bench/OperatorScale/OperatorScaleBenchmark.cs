using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DrainSafe.Bench.Measurement;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Demo;
using k8s;
using k8s.Models;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>
/// DrainSafe's operator, as its own process, on a cluster of N nodes (each with its NodeMaintenance) and M pods of
/// realistic size in the sandbox API server: its memory, CPU and API requests while idle, then E Reboot events at once
/// (written into the NodeMaintenance specs through the API, as the agents do) until every one of those nodes is drained.
/// Pods go when evicted through a light kubelet: a graceful deletion ends after the pod's grace period x 0.01 with the
/// final delete, as the kubelet's is; nothing reschedules them.
/// </summary>
internal static class OperatorScaleBenchmark
{
    private const double GracePeriodScale = 0.01;
    private const string Namespace = "shop";
    private static readonly string[] Apps = ["web", "api", "checkout", "payments", "catalog", "search", "worker", "notifications", "reports"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        OperatorScaleOptions options;
        try
        {
            options = OperatorScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"drainsafe-bench scale: {e.Message}");
            return 2;
        }

        Console.WriteLine($"scale benchmark: {options.Nodes} nodes with NodeMaintenances, {options.Pods} pods, {options.Events} events at once, idle window {options.IdleWindow.TotalSeconds:F0} s, {Environment.ProcessorCount} cores");
        var directory = Directory.CreateTempSubdirectory("drainsafe-bench-scale-");
        await using var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions());
        var store = server.Store;
        var crd = CustomResourceDefinitionFile.Locate() ?? throw new InvalidOperationException($"{CustomResourceDefinitionFile.RelativePath} not found: run from the repository");
        CustomResourceDefinitionFile.Install(store, crd);
        using var kubelet = new LightKubelet(store, GracePeriodScale);

        // The cluster, written straight into the store (the operator is not running yet; only its view of the result matters).
        var build = Stopwatch.StartNew();
        var sizes = Populate(store, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster built in {build.Elapsed.TotalSeconds:F1} s: node {sizes.NodeKiB:F1} KiB, pod {sizes.PodKiB:F1} KiB, NodeMaintenance {sizes.MaintenanceKiB:F1} KiB of JSON each; {sizes.TotalMiB:F0} MiB in all"));

        var states = new MaintenanceStates(store);
        var kubeconfig = server.WriteKubeconfig(Path.Combine(directory.FullName, "kubeconfig"));
        var start = Stopwatch.StartNew();
        await using var op = OperatorProcess.Start(kubeconfig, ["--Operator:LeaderElection:LeaseNamespace=default"], options.OperatorEnvironment);
        try
        {
            // Started: it leads, its informers listed everything, and every NodeMaintenance has a status it wrote.
            await Poll.UntilAsync(() => op.HasExited || states.WithStatus == options.Nodes, TimeSpan.FromMinutes(10),
                "the operator to observe every NodeMaintenance", () => $"{states.WithStatus} with a status; {Tail(op)}");
            Exited(op);
            var startedIn = start.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"operator started and observed all {options.Nodes} NodeMaintenances in {startedIn.TotalSeconds:F1} s ({server.Faults.RequestCount} API requests so far; RSS {op.Memory().RssMiB:F0} MiB, peak {op.Memory().PeakMiB:F0} MiB)"));
            var settled = await SettleAsync(server, TimeSpan.FromSeconds(options.Quick ? 10 : 20));
            Console.WriteLine($"start-up work over after {start.Elapsed.TotalSeconds:F0} s ({settled})");

            var idle = await MeasureIdleAsync(server, op, options);
            Console.WriteLine(idle.ConsoleSummary(options.Nodes));

            var drain = await DrainAsync(server, op, states, options);
            Console.WriteLine(drain.ConsoleSummary());

            var headline = string.Create(CultureInfo.InvariantCulture,
                $"scale: {options.Events} nodes drained in {drain.AllDrained.TotalSeconds:F1} s (of {options.Nodes} nodes, {options.Pods} pods); operator idle {idle.RssMiB:F0} MiB, peak {drain.PeakMiB:F0} MiB draining ({drain.HighWaterMiB:F0} MiB at start-up); idle {idle.RequestsPerNodePerMinute:F3} requests/node/min");
            var body = Report(options, sizes, startedIn, idle, drain, headline);
            var path = ResultsFile.WriteSection((options.Quick ? "scale-quick" : "scale") + (options.OperatorEnvironment.Count > 0 ? "-operator-env" : string.Empty), ResultsFile.Command("scale", args), body);
            Console.WriteLine();
            Console.WriteLine($"results written to {path}");
            Console.WriteLine(headline);
            return 0;
        }
        finally
        {
            states.Dispose();
            directory.Delete(recursive: true);
        }
    }

    private static ClusterSizes Populate(ObjectStore store, OperatorScaleOptions options)
    {
        store.Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
        store.Create(BuiltInResources.DaemonSets, AksObjects.DaemonSet());
        long nodeBytes = 0, podBytes = 0, maintenanceBytes = 0;
        var podsPerNode = options.Pods / options.Nodes;
        var extra = options.Pods % options.Nodes;
        var podIndex = 0;
        for (var n = 0; n < options.Nodes; n++)
        {
            var node = store.Create(BuiltInResources.Nodes, AksObjects.Node(n));
            nodeBytes += node.Json.Length;
            var name = AksObjects.NodeName(n);
            var count = podsPerNode + (n < extra ? 1 : 0);
            for (var p = 0; p < count; p++, podIndex++)
            {
                var pod = p == 0
                    ? AksObjects.Pod(AksObjects.DaemonSetNamespace, AksObjects.DaemonSetName, podIndex, name, daemonSet: true)
                    : AksObjects.Pod(Namespace, Apps[podIndex % Apps.Length], podIndex, name, daemonSet: false);
                podBytes += store.Create(BuiltInResources.Pods, pod).Json.Length;
            }

            maintenanceBytes += store.Create(store.ResourceFor<NodeMaintenance>(), Maintenance(n, node.Uid)).Json.Length;
        }

        return new ClusterSizes(nodeBytes / 1024.0 / options.Nodes, podBytes / 1024.0 / options.Pods, maintenanceBytes / 1024.0 / options.Nodes,
            (nodeBytes + podBytes + maintenanceBytes) / 1048576.0);
    }

    // What an agent creates for its node: the spec with no event yet.
    private static JsonObject Maintenance(int index, string nodeUid) => new()
    {
        ["apiVersion"] = $"{NodeMaintenance.GroupName}/{NodeMaintenance.Version}",
        ["kind"] = NodeMaintenance.KindName,
        ["metadata"] = new JsonObject
        {
            ["name"] = AksObjects.NodeName(index),
            ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = AksObjects.NodeName(index), ["uid"] = nodeUid }),
        },
        ["spec"] = new JsonObject { ["nodeName"] = AksObjects.NodeName(index), ["vmName"] = AksObjects.VmName(index), ["documentIncarnation"] = 1, ["events"] = new JsonArray() },
    };

    // Waits until a whole second passes with at most a few requests (lease renewals), or the bound.
    private static async Task<string> SettleAsync(SandboxApiServer server, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var last = server.Faults.RequestCount;
        var quiet = 0;
        while (clock.Elapsed < bound)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = server.Faults.RequestCount;
            quiet = now - last <= 2 ? quiet + 1 : 0;
            last = now;
            if (quiet >= 3)
            {
                return $"3 quiet seconds after {clock.Elapsed.TotalSeconds:F0} s";
            }
        }

        return $"still busy after {bound.TotalSeconds:F0} s";
    }

    private static async Task<IdleFigures> MeasureIdleAsync(SandboxApiServer server, OperatorProcess op, OperatorScaleOptions options)
    {
        server.Faults.ClearRequests();
        var cpuBefore = op.CpuTime();
        var clock = Stopwatch.StartNew();
        var rss = new List<double>();
        while (clock.Elapsed < options.IdleWindow)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            rss.Add(op.Memory().RssMiB);
        }

        var elapsed = clock.Elapsed;
        var cpu = op.CpuTime() - cpuBefore;
        var requests = server.Faults.Requests.GroupBy(RequestKinds.Of).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var metrics = await op.MetricsAsync();
        var (anon, file) = op.ResidentSplit();
        return new IdleFigures(elapsed, rss[^1], rss.Max(), op.Memory().PeakMiB, anon, file, cpu, requests,
            requests.Values.Sum() / elapsed.TotalMinutes / options.Nodes,
            metrics.GetValueOrDefault("dotnet_total_memory_bytes") / 1048576.0,
            metrics.GetValueOrDefault("process_working_set_bytes") / 1048576.0);
    }

    private static async Task<DrainFigures> DrainAsync(SandboxApiServer server, OperatorProcess op, MaintenanceStates states, OperatorScaleOptions options)
    {
        // Spread over the cluster, as host maintenance is: every (nodes / events)th node.
        var stride = options.Nodes / options.Events;
        var indices = Enumerable.Range(0, options.Events).Select(i => i * stride).ToList();
        var targets = indices.Select(AksObjects.NodeName).ToList();
        var notBefore = (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(15)).ToString("r", CultureInfo.InvariantCulture);
        server.Faults.ClearRequests();
        var cpuBefore = op.CpuTime();
        var writes = 0L;
        var samples = new ConcurrentQueue<Sample>();
        using var sampling = new CancellationTokenSource();
        var origin = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            var lastCount = 0L;
            var lastCpu = op.CpuTime();
            var lastAt = TimeSpan.Zero;
            while (!sampling.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                var at = clock.Elapsed;
                var count = server.Faults.RequestCount - Interlocked.Read(ref writes);
                var cpu = op.CpuTime();
                var (rss, _) = op.Memory();
                var seconds = (at - lastAt).TotalSeconds;
                samples.Enqueue(new Sample(at, (count - lastCount) / seconds, (cpu - lastCpu).TotalSeconds / seconds, rss,
                    targets.Count(t => states.StateOf(t) == MaintenanceState.NodeDraining), targets.Count(t => states.StateOf(t) == MaintenanceState.NodeDrained)));
                (lastCount, lastCpu, lastAt) = (count, cpu, at);
            }
        });

        // The agents: each writes its node's event into its NodeMaintenance spec through the API (merge patch, 32 at a time).
        using var client = server.CreateClient();
        await Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (index, ct) =>
        {
            var node = AksObjects.NodeName(index);
            var scheduled = ScheduledEvent.FromImds(Guid.NewGuid().ToString().ToUpperInvariant(), "Reboot", "Scheduled",
                [AksObjects.VmName(index)], notBefore, "Host server maintenance.", "Platform", -1);
            var patch = new JsonObject
            {
                ["spec"] = new JsonObject { ["documentIncarnation"] = 2, ["events"] = JsonNode.Parse(KubernetesJson.Serialize(new[] { scheduled })) },
            };
            await client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                NodeMaintenance.GroupName, NodeMaintenance.Version, NodeMaintenance.Plural, node, cancellationToken: ct);
            Interlocked.Increment(ref writes);
        });
        var written = clock.Elapsed;

        await Poll.UntilAsync(() => op.HasExited || targets.All(t => states.StateOf(t) == MaintenanceState.NodeDrained), TimeSpan.FromMinutes(30),
            $"all {targets.Count} nodes drained", () => $"{targets.Count(t => states.StateOf(t) == MaintenanceState.NodeDrained)} drained; {Tail(op)}");
        Exited(op);
        var allDrained = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var cpu = op.CpuTime() - cpuBefore;
        var (_, highWater) = op.Memory();
        var firstDrained = targets.Select(t => states.DrainedAt(t) ?? DateTimeOffset.MaxValue).Min() - origin;
        var requests = server.Faults.Requests.GroupBy(RequestKinds.Of).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        requests["patch nodemaintenances"] -= (int)writes; // the agents' writes are not the operator's
        var list = samples.ToList();
        return new DrainFigures(options.Events, written, allDrained, firstDrained, list.Count == 0 ? 0 : list.Max(s => s.RssMiB), highWater, list.Count == 0 ? 0 : list.Max(s => s.Cpu), cpu, requests,
            list.Count == 0 ? 0 : list.Max(s => s.RequestsPerSecond), list.Count == 0 ? 0 : list.Max(s => s.Draining), list);
    }

    private static string Report(OperatorScaleOptions options, ClusterSizes sizes, TimeSpan startedIn, IdleFigures idle, DrainFigures drain, string headline)
    {
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{options.Nodes} nodes, each with its NodeMaintenance (spec as an agent writes it, no event), and {options.Pods} pods ({options.Pods / options.Nodes} per node, one of them a kube-proxy DaemonSet pod) in the sandbox API server, ")
            .Append(CultureInfo.InvariantCulture, $"of AKS sizes: a Node {sizes.NodeKiB:F1} KiB of JSON ({AksObjects.ImagesPerNode} images with digest and tag, {AksObjects.VolumesPerNode} attached CSI disks, 10 conditions, 28 labels, managedFields of five managers), ")
            .Append(CultureInfo.InvariantCulture, $"a pod {sizes.PodKiB:F1} KiB (ReplicaSet or DaemonSet owner, probes, env, projected token volumes, container status, managedFields of two managers), a NodeMaintenance {sizes.MaintenanceKiB:F1} KiB; {sizes.TotalMiB:F0} MiB in all. ")
            .Append("DrainSafe's operator runs as its own process (`dotnet DrainSafe.Operator.dll`, the published entry point, kubeconfig from KUBECONFIG) with its defaults (ApiQps 200, ApiBurst 400, Workers 2, leader election on a Lease); only the health port and the lease namespace are set. ")
            .Append("Memory is VmRSS/VmHWM of /proc/PID/status, CPU utime+stime of /proc/PID/stat, the managed heap the operator's own /metrics (`dotnet_total_memory_bytes`). ")
            .Append("API requests are counted at the sandbox API server by verb and resource (a watch is recorded when it ends). ")
            .Append(CultureInfo.InvariantCulture, $"Pods go when evicted through a light kubelet: the eviction's graceful deletion ends with the final delete after the pod's grace period x {GracePeriodScale} (30 s: 300 ms); nothing recreates them and no PDB applies (the sandbox's PDB rules need its simulated world, which would not fit on this machine beside {options.Pods} pods of this size).\n\n")
            .Append(options.OperatorEnvironment.Count == 0 ? string.Empty : $"**The operator's process ran with {string.Join(", ", options.OperatorEnvironment.Select(e => $"`{e.Key}={e.Value}`"))}.**\n\n")
            .Append(CultureInfo.InvariantCulture, $"Start-up: the operator led, listed everything and had written a status to all {options.Nodes} NodeMaintenances {startedIn.TotalSeconds:F1} s after its process started.\n\n")
            .Append(CultureInfo.InvariantCulture, $"### Idle ({idle.Window.TotalSeconds:F0} s after start-up settled)\n\n")
            .Append("| figure | value |\n|---|---|\n")
            .Append(CultureInfo.InvariantCulture, $"| RSS at the end / max during the window | **{idle.RssMiB:F0} MiB** / {idle.MaxRssMiB:F0} MiB (target: under 150 MiB: {(idle.MaxRssMiB < 150 ? "met" : $"MISSED by {idle.MaxRssMiB - 150:F0} MiB")}) |\n")
            .Append(CultureInfo.InvariantCulture, $"| RSS anonymous / file-backed (RssAnon, RssFile) | {idle.AnonMiB:F0} MiB / {idle.FileMiB:F0} MiB (file-backed: the mapped runtime, framework and application assemblies) |\n")
            .Append(CultureInfo.InvariantCulture, $"| managed heap (`dotnet_total_memory_bytes`, live and not yet collected) | {idle.ManagedMiB:F0} MiB |\n")
            .Append(CultureInfo.InvariantCulture, $"| peak RSS since start (VmHWM, includes the initial lists) | {idle.PeakMiB:F0} MiB |\n")
            .Append(CultureInfo.InvariantCulture, $"| CPU | {idle.Cpu.TotalSeconds:F2} s in {idle.Window.TotalSeconds:F0} s ({idle.Cpu.TotalSeconds / idle.Window.TotalSeconds * 100:F2} % of one core) |\n")
            .Append(CultureInfo.InvariantCulture, $"| API requests | {idle.Requests.Values.Sum()} in {idle.Window.TotalSeconds:F0} s = {idle.Requests.Values.Sum() / idle.Window.TotalMinutes:F1}/min = **{idle.RequestsPerNodePerMinute:F4} per node per minute** |\n")
            .Append(CultureInfo.InvariantCulture, $"| by verb and resource | {Breakdown(idle.Requests)} |\n\n")
            .Append(CultureInfo.InvariantCulture, $"No per-node polling: {(idle.Requests.Keys.Any(k => k.StartsWith("get nodes", StringComparison.Ordinal) || k.StartsWith("get nodemaintenances", StringComparison.Ordinal) || k.StartsWith("list pods", StringComparison.Ordinal)) ? "**MISSED**: per-node reads above" : "met: no get of a node or NodeMaintenance and no pod list while idle; what remains is the leader's Lease renewals and the informers' watches")}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"### {drain.Events} Reboot events at once\n\n")
            .Append(CultureInfo.InvariantCulture, $"The events were written into {drain.Events} NodeMaintenance specs (every {options.Nodes / drain.Events}th node; NotBefore in 15 min) through the API, 32 at a time, in {drain.Written.TotalSeconds:F1} s; timed from the first write.\n\n")
            .Append("| figure | value |\n|---|---|\n")
            .Append(CultureInfo.InvariantCulture, $"| all {drain.Events} nodes NodeDrained | **{drain.AllDrained.TotalSeconds:F1} s** (first one {drain.FirstDrained.TotalSeconds:F1} s) |\n")
            .Append(CultureInfo.InvariantCulture, $"| nodes draining at once (max of 1 s samples) | {drain.MaxDraining} |\n")
            .Append(CultureInfo.InvariantCulture, $"| peak RSS during the drains (max of 1 s samples of VmRSS) | **{drain.PeakMiB:F0} MiB** (VmHWM since the process started, start-up lists included: {drain.HighWaterMiB:F0} MiB) |\n")
            .Append(CultureInfo.InvariantCulture, $"| CPU | {drain.Cpu.TotalSeconds:F1} s in {drain.AllDrained.TotalSeconds:F1} s; busiest second {drain.PeakCpu:F2} cores (the machine has {Environment.ProcessorCount}, shared with the API server) |\n")
            .Append(CultureInfo.InvariantCulture, $"| API requests | {drain.Requests.Values.Sum()} ({drain.Requests.Values.Sum() / (double)drain.Events:F1} per node); busiest second {drain.PeakRequestsPerSecond:F0}/s against the budget of 200/s (burst 400) |\n")
            .Append(CultureInfo.InvariantCulture, $"| by verb and resource | {Breakdown(drain.Requests)} |\n\n")
            .Append("Per second (requests/s by the operator, CPU cores, RSS MiB, nodes draining, nodes drained): ")
            .Append(string.Join("; ", drain.Samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:F0}s {s.RequestsPerSecond:F0}/s {s.Cpu:F2} {s.RssMiB:F0} {s.Draining} {s.Drained}"))))
            .Append("\n\n")
            .Append("Headline: `").Append(headline).Append("`\n");
        return body.ToString();
    }

    private static string Breakdown(IReadOnlyDictionary<string, int> requests) =>
        requests.Count == 0 ? "none" : string.Join(", ", requests.Where(r => r.Value > 0).OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    private static string Tail(OperatorProcess op)
    {
        lock (op.Output)
        {
            return op.HasExited ? "the operator exited: " + string.Join(" | ", op.Output.TakeLast(10)) : "last output: " + string.Join(" | ", op.Output.TakeLast(3));
        }
    }

    private static void Exited(OperatorProcess op)
    {
        if (op.HasExited)
        {
            throw new InvalidOperationException(Tail(op));
        }
    }

    private sealed record ClusterSizes(double NodeKiB, double PodKiB, double MaintenanceKiB, double TotalMiB);

    private sealed record Sample(TimeSpan At, double RequestsPerSecond, double Cpu, double RssMiB, int Draining, int Drained);

    private sealed record IdleFigures(TimeSpan Window, double RssMiB, double MaxRssMiB, double PeakMiB, double AnonMiB, double FileMiB, TimeSpan Cpu, IReadOnlyDictionary<string, int> Requests,
        double RequestsPerNodePerMinute, double ManagedMiB, double WorkingSetMiB)
    {
        public string ConsoleSummary(int nodes) => string.Create(CultureInfo.InvariantCulture,
            $"idle {Window.TotalSeconds:F0} s: RSS {RssMiB:F0} MiB (max {MaxRssMiB:F0}; anonymous {AnonMiB:F0}, file-backed {FileMiB:F0}; managed heap {ManagedMiB:F0}), peak since start {PeakMiB:F0} MiB, CPU {Cpu.TotalSeconds:F2} s, {Requests.Values.Sum()} requests = {RequestsPerNodePerMinute:F4}/node/min over {nodes} nodes: {Breakdown(Requests)}");
    }

    private sealed record DrainFigures(int Events, TimeSpan Written, TimeSpan AllDrained, TimeSpan FirstDrained, double PeakMiB, double HighWaterMiB, double PeakCpu, TimeSpan Cpu,
        IReadOnlyDictionary<string, int> Requests, double PeakRequestsPerSecond, int MaxDraining, IReadOnlyList<Sample> Samples)
    {
        public string ConsoleSummary() => string.Create(CultureInfo.InvariantCulture,
            $"{Events} events: written in {Written.TotalSeconds:F1} s, first drained {FirstDrained.TotalSeconds:F1} s, all drained {AllDrained.TotalSeconds:F1} s; at most {MaxDraining} draining at once; peak RSS {PeakMiB:F0} MiB (VmHWM {HighWaterMiB:F0}); CPU {Cpu.TotalSeconds:F1} s (busiest second {PeakCpu:F2} cores); {Requests.Values.Sum()} requests, busiest second {PeakRequestsPerSecond:F0}/s: {Breakdown(Requests)}");
    }
}
