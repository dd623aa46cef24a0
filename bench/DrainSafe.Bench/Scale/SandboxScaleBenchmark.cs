using System.Diagnostics;
using System.Globalization;
using DrainSafe.Bench.Measurement;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Bench.Scale;

/// <summary>
/// Creates N nodes and M pods in the sandbox API server through its HTTP API with the real KubernetesClient,
/// lists them (whole and paged), and reports times and the process's memory.
/// </summary>
internal static class SandboxScaleBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"drainsafe-bench sandbox-scale: {e.Message}");
            return 2;
        }

        Console.WriteLine($"sandbox-scale benchmark: {options.Nodes} nodes, {options.Pods} pods, {options.Concurrency} requests in flight, {Environment.ProcessorCount} cores");
        var baseline = Memory.Measure();
        await using var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions());
        using var client = server.CreateClient();

        var createNodes = await TimeAsync(() => ForEachAsync(options.Nodes, options.Concurrency,
            i => client.CoreV1.CreateNodeAsync(NewNode(i))));
        Report("create nodes", options.Nodes, createNodes);

        var createPods = await TimeAsync(() => ForEachAsync(options.Pods, options.Concurrency,
            i => client.CoreV1.CreateNamespacedPodAsync(NewPod(i, options.Nodes), "default")));
        Report("create pods", options.Pods, createPods);

        var listNodes = await TimeAsync(async () => Check(options.Nodes, (await client.CoreV1.ListNodeAsync()).Items.Count));
        Report("list nodes (one response)", options.Nodes, listNodes);

        var listPods = await TimeAsync(async () => Check(options.Pods, (await client.CoreV1.ListPodForAllNamespacesAsync()).Items.Count));
        Report("list pods (one response)", options.Pods, listPods);

        var pagedPods = await TimeAsync(async () => Check(options.Pods, await CountPagedAsync(client, 500)));
        Report("list pods (pages of 500)", options.Pods, pagedPods);

        var podsOnNode = await TimeAsync(async () =>
        {
            for (var n = 0; n < 100; n++)
            {
                var node = NodeName(n % options.Nodes);
                await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={node}");
            }
        });
        Report("pods of one node (fieldSelector), x100", 100, podsOnNode);

        var loaded = Memory.Measure();
        Console.WriteLine();
        Console.WriteLine($"memory before: working set {baseline.WorkingSetMiB:F0} MiB, managed heap {baseline.ManagedMiB:F0} MiB");
        Console.WriteLine($"memory loaded: working set {loaded.WorkingSetMiB:F0} MiB, managed heap {loaded.ManagedMiB:F0} MiB (after full GC), " +
            $"{(loaded.ManagedMiB - baseline.ManagedMiB) * 1024 / (options.Nodes + options.Pods):F1} KiB per object");
        return 0;
    }

    private static void Check(int expected, int actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"expected {expected} objects, listed {actual}");
        }
    }

    private static async Task<int> CountPagedAsync(Kubernetes client, int pageSize)
    {
        var count = 0;
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(limit: pageSize, continueParameter: next);
            count += page.Items.Count;
            next = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return count;
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> action)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        });
        await Task.WhenAll(workers);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    private static void Report(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} {elapsed.TotalSeconds,8:F2} s  {count / elapsed.TotalSeconds,10:F0} /s"));

    private static string NodeName(int i) => string.Create(CultureInfo.InvariantCulture, $"pool{i / 1000}-vmss{i % 1000:D6}");

    private static V1Node NewNode(int i) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = NodeName(i),
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = NodeName(i),
                ["agentpool"] = string.Create(CultureInfo.InvariantCulture, $"pool{i / 1000}"),
            },
        },
        Spec = new V1NodeSpec { ProviderID = $"azure:///subscriptions/bench/virtualMachineScaleSets/pool/virtualMachines/{i}" },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["pods"] = new("110"), ["cpu"] = new("4") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    private static V1Pod NewPod(int i, int nodes) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"web-{i:D6}"),
            Labels = new Dictionary<string, string> { ["app"] = string.Create(CultureInfo.InvariantCulture, $"web-{i % 50}") },
        },
        Spec = new V1PodSpec
        {
            NodeName = NodeName(i % nodes),
            Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }],
            TerminationGracePeriodSeconds = 30,
        },
    };
}
