using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DrainSafe.Bench.Measurement;
using DrainSafe.Bench.Scale;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using k8s;

namespace DrainSafe.Bench.World;

/// <summary>
/// Builds a simulated cluster of N nodes and Deployments totalling M pods through the world's own controllers,
/// scheduler and kubelets, and reports how long until every pod runs, how long a rolling reboot of 1% of the
/// nodes takes to recover, and the process's memory.
/// </summary>
internal static class WorldScaleBenchmark
{
    private const int ReplicasPerDeployment = 100;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"drainsafe-bench world-scale: {e.Message}");
            return 2;
        }

        var maxPods = Math.Max(110, (int)Math.Ceiling(options.Pods * 1.5 / options.Nodes));
        Console.WriteLine($"world-scale benchmark: {options.Nodes} nodes (maxPods {maxPods}), {options.Pods} pods in Deployments of {ReplicasPerDeployment}, {Environment.ProcessorCount} cores");
        var baseline = Memory.Measure();
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions());
        await using var running = new RunningPodCounter(cluster.Store);

        var addNodes = Stopwatch.StartNew();
        cluster.AddNodePool("pool", options.Nodes, maxPods);
        Report("add nodes (with their VMs)", options.Nodes, addNodes.Elapsed);

        var start = Stopwatch.StartNew();
        cluster.Store.Create(BuiltInResources.Namespaces, WorkloadManifests.Namespace("bench"));
        var deployments = (options.Pods + ReplicasPerDeployment - 1) / ReplicasPerDeployment;
        for (var d = 0; d < deployments; d++)
        {
            var replicas = Math.Min(ReplicasPerDeployment, options.Pods - (d * ReplicasPerDeployment));
            cluster.Store.Create(BuiltInResources.Deployments,
                WorkloadManifests.Deployment("bench", string.Create(CultureInfo.InvariantCulture, $"app-{d:D4}"), replicas));
        }

        await running.WaitForAsync(options.Pods, TimeSpan.FromMinutes(10));
        Report("deployments -> every pod Running", options.Pods, start.Elapsed);

        // Reboot 1% of the nodes at once through the IMDS impact path: their pods die and are rescheduled.
        var rebooted = Math.Max(1, options.Nodes / 100);
        var reboot = Stopwatch.StartNew();
        for (var i = 0; i < rebooted; i++)
        {
            cluster.World.VmImpacts.VmImpactStarted(SandboxNames(i), "Reboot");
        }

        await running.WaitForAsync(options.Pods, TimeSpan.FromMinutes(10), requireDip: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{$"reboot {rebooted} nodes -> every pod Running again",-48} {reboot.Elapsed.TotalSeconds,8:F2} s"));
        for (var i = 0; i < rebooted; i++)
        {
            cluster.World.VmImpacts.VmImpactEnded(SandboxNames(i));
        }

        var loaded = Memory.Measure();
        Console.WriteLine();
        Console.WriteLine($"world loop passes: {cluster.World.Passes}");
        Console.WriteLine($"memory before: working set {baseline.WorkingSetMiB:F0} MiB, managed heap {baseline.ManagedMiB:F0} MiB");
        Console.WriteLine($"memory loaded: working set {loaded.WorkingSetMiB:F0} MiB, managed heap {loaded.ManagedMiB:F0} MiB (after full GC)");
        return 0;
    }

    private static string SandboxNames(int index) => DrainSafe.Sandbox.Scenarios.SandboxNames.VmName("pool", index);

    private static void Report(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-48} {elapsed.TotalSeconds,8:F2} s  {count / elapsed.TotalSeconds,10:F0} /s"));

    /// <summary>Counts Running pods from an in-process watch, so waiting costs one small parse per pod event.</summary>
    private sealed class RunningPodCounter : IAsyncDisposable
    {
        private readonly WatchSubscription _watch;
        private readonly Dictionary<string, bool> _running = new(StringComparer.Ordinal);
        private readonly Task _pump;
        private int _count;
        private bool _dipped;

        public RunningPodCounter(ObjectStore store)
        {
            _watch = store.Watch(BuiltInResources.Pods);
            _pump = Task.Run(PumpAsync);
        }

        public async Task WaitForAsync(int expected, TimeSpan timeout, bool requireDip = false)
        {
            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref _count) != expected || (requireDip && !Volatile.Read(ref _dipped)))
            {
                if (deadline.Elapsed > timeout)
                {
                    throw new TimeoutException($"{Volatile.Read(ref _count)} of {expected} pods Running after {timeout}");
                }

                await Task.Delay(20);
            }

            Volatile.Write(ref _dipped, false);
        }

        public async ValueTask DisposeAsync()
        {
            await _watch.DisposeAsync();
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        private async Task PumpAsync()
        {
            await foreach (var e in _watch.ReadAllAsync())
            {
                if (e.Object is not { } pod)
                {
                    continue;
                }

                var isRunning = e.Type != WatchEventType.Deleted && !pod.IsDeleting && PhaseIs(pod, "Running");
                var was = _running.GetValueOrDefault(pod.Uid);
                if (isRunning != was)
                {
                    Interlocked.Add(ref _count, isRunning ? 1 : -1);
                    if (!isRunning)
                    {
                        Volatile.Write(ref _dipped, true);
                    }
                }

                if (e.Type == WatchEventType.Deleted)
                {
                    _running.Remove(pod.Uid);
                }
                else
                {
                    _running[pod.Uid] = isRunning;
                }
            }
        }

        private static bool PhaseIs(StoredObject pod, string phase)
        {
            using var doc = JsonDocument.Parse(pod.Json);
            return doc.RootElement.TryGetProperty("status", out var status)
                && status.TryGetProperty("phase", out var value)
                && value.ValueEquals(phase);
        }
    }
}
