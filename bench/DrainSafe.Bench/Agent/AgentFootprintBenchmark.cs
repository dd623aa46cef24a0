using System.Diagnostics;
using System.Globalization;
using System.Text;
using DrainSafe.Bench.Measurement;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;

namespace DrainSafe.Bench.Agent;

/// <summary>
/// The node agent's footprint, NativeAOT against JIT: each build runs as its own process (as in its container) for a
/// node of the sandbox, polling that VM's simulated IMDS once per second and watching its NodeMaintenance on the sandbox
/// API server. Measured from outside the process: binary size, resident memory (VmRSS from /proc), CPU time
/// (user+system) over a steady window, and the time from process start to its first IMDS poll.
/// </summary>
internal static class AgentFootprintBenchmark
{
    private const string Pool = "pool1";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        AgentFootprintOptions options;
        try
        {
            options = AgentFootprintOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"drainsafe-bench agent: {e.Message}");
            return 2;
        }

        var jitPath = AgentProcess.JitAgentPath;
        if (!File.Exists(jitPath))
        {
            await Console.Error.WriteLineAsync($"drainsafe-bench agent: {jitPath} not found (the bench's build output holds the JIT agent).");
            return 1;
        }

        var (aotPath, publishNote) = await NativeAgentAsync(options);
        Console.WriteLine($"agent benchmark: NativeAOT {aotPath}, JIT dotnet {jitPath}; poll {PollInterval.TotalSeconds:F0} s; " +
                          $"{options.Starts} starts each, then {options.Warmup.TotalSeconds:F0} s warm-up and a {options.Window.TotalSeconds:F0} s window with both running");

        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            ServeImds = true,
            Imds = new ImdsOptions { RequestsPerWindow = 0 },
        });
        CustomResourceDefinitionFile.Install(cluster.Store, CustomResourceDefinitionFile.Locate()
            ?? throw new InvalidOperationException($"{CustomResourceDefinitionFile.RelativePath} not found: run from the repository."));
        cluster.AddNodePool(Pool, 2);
        var directory = Directory.CreateTempSubdirectory("drainsafe-bench-agent-");
        try
        {
            var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(directory.FullName, "kubeconfig"));
            var aot = new Variant("aot", aotPath, new NodeRequest(Pool, 0), options.AotEnvironment);
            var jit = new Variant("jit", jitPath, new NodeRequest(Pool, 1), new Dictionary<string, string>());

            // Start-up, alternating builds so neither always starts on a warmer machine.
            for (var i = 0; i < options.Starts; i++)
            {
                foreach (var variant in i % 2 == 0 ? new[] { aot, jit } : [jit, aot])
                {
                    var ms = await TimeToFirstPollAsync(cluster, variant, kubeconfig);
                    variant.StartMs.Add(ms);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  start {i + 1} {variant.Name}: {ms:F0} ms to the first IMDS poll"));
                }
            }

            // Steady state: both running side by side, idle (no event), measured from outside.
            await using var aotProcess = StartAgent(cluster, aot, kubeconfig);
            await using var jitProcess = StartAgent(cluster, jit, kubeconfig);
            await Task.Delay(options.Warmup);
            await MeasureWindowAsync(cluster, options.Window, (aot, aotProcess), (jit, jitProcess));
            foreach (var (variant, process) in new[] { (aot, aotProcess), (jit, jitProcess) })
            {
                if (process.Process.HasExited)
                {
                    throw new InvalidOperationException($"the {variant.Name} agent exited during the window: {process.Tail()}");
                }
            }

            return Report(args, options, aot, jit, new FileInfo(aotPath).Length / 1048576.0, publishNote);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static AgentProcess StartAgent(SimulatedCluster cluster, Variant variant, string kubeconfig) =>
        AgentProcess.Start(variant.Path, variant.Node.Name, cluster.ImdsServer!.VmBaseAddress(variant.Node.VmName), kubeconfig, PollInterval,
            // The VM name is given so that the first IMDS call is the first poll (in a cluster, a compute-name call precedes it).
            new Dictionary<string, string> { ["VmName"] = variant.Node.VmName, ["HealthPort"] = "0" }, variant.Environment);

    // From Process.Start to the VM's IMDS counting the agent's first request, read on a tight loop (1 ms resolution).
    private static async Task<double> TimeToFirstPollAsync(SimulatedCluster cluster, Variant variant, string kubeconfig)
    {
        var before = cluster.Imds.GetVmStats(variant.Node.VmName).Requests;
        var clock = Stopwatch.StartNew();
        await using var process = StartAgent(cluster, variant, kubeconfig);
        var seenAt = await Task.Run(() =>
        {
            while (cluster.Imds.GetVmStats(variant.Node.VmName).Requests == before)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60) || process.Process.HasExited)
                {
                    throw new TimeoutException($"the {variant.Name} agent made no IMDS poll: {process.Tail()}");
                }

                Thread.Sleep(1);
            }

            return clock.Elapsed;
        });
        return seenAt.TotalMilliseconds;
    }

    private static async Task MeasureWindowAsync(SimulatedCluster cluster, TimeSpan window, params (Variant Variant, AgentProcess Agent)[] agents)
    {
        var cpuBefore = agents.Select(a => Cpu(a.Agent)).ToArray();
        var pollsBefore = agents.Select(a => cluster.Imds.GetVmStats(a.Variant.Node.VmName).Requests).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            foreach (var (variant, agent) in agents)
            {
                variant.RssMiB.Add(VmRssMiB(agent.Process.Id));
                variant.AnonMiB.Add(StatusMiB(agent.Process.Id, "RssAnon:"));
                variant.FileMiB.Add(StatusMiB(agent.Process.Id, "RssFile:"));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var elapsed = clock.Elapsed;
        for (var i = 0; i < agents.Length; i++)
        {
            var (variant, agent) = agents[i];
            variant.CpuPercent = (Cpu(agent) - cpuBefore[i]).TotalMilliseconds / elapsed.TotalMilliseconds * 100;
            variant.PollsPerSecond = (cluster.Imds.GetVmStats(variant.Node.VmName).Requests - pollsBefore[i]) / elapsed.TotalSeconds;
            variant.RssMiB.Add(VmRssMiB(agent.Process.Id));
        }
    }

    // utime + stime of the process (Process reads /proc/PID/stat).
    private static TimeSpan Cpu(AgentProcess agent)
    {
        agent.Process.Refresh();
        return agent.Process.TotalProcessorTime;
    }

    private static double VmRssMiB(int pid) => StatusMiB(pid, "VmRSS:");

    // A "kB" line of /proc/PID/status (VmRSS, RssAnon, RssFile), in MiB.
    private static double StatusMiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        var kib = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }

    // The published binary: --aot PATH, else DRAINSAFE_AOT_AGENT, else published now into the bench's output (not timed).
    private static async Task<(string Path, string Note)> NativeAgentAsync(AgentFootprintOptions options)
    {
        if ((options.AotPath ?? AgentProcess.NativeAgentPath) is { } given)
        {
            return File.Exists(given) ? (given, $"the binary given ({given})") : throw new FileNotFoundException($"no NativeAOT agent at {given}");
        }

        var output = Path.Combine(AppContext.BaseDirectory, "agent-aot");
        // The repository: the CRD file's location, three levels up (config/crd/FILE).
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CustomResourceDefinitionFile.Locate()
            ?? throw new InvalidOperationException("run from the repository: the agent is published from its sources"))!, "..", ".."));
        Console.WriteLine($"publishing the NativeAOT agent into {output} (set {AgentProcess.NativeBinaryVariable} or --aot to skip) ...");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "DrainSafe.Agent.Aot"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(info)!;
        var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish DrainSafe.Agent.Aot failed:\n{log}");
        }

        return (Path.Combine(output, "DrainSafe.Agent"), string.Create(CultureInfo.InvariantCulture, $"published by the benchmark (dotnet publish DrainSafe.Agent.Aot -c Release -r linux-x64, {clock.Elapsed.TotalSeconds:F0} s, not timed)"));
    }

    private static int Report(string[] args, AgentFootprintOptions options, Variant aot, Variant jit, double sizeMiB, string publishNote)
    {
        var targets = new[]
        {
            Target("NativeAOT steady RSS", aot.Rss, 30, "MiB"),
            Target("NativeAOT CPU at 1 poll/s", aot.CpuPercent, 1, "% of one core"),
            Target("NativeAOT start to first poll", aot.Start, 200, "ms"),
        };
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Each build as its own process for one node of the sandbox (NODE_NAME, its VM's simulated IMDS over HTTP, a kubeconfig for the sandbox API server; VmName given; health endpoint on): NativeAOT = {publishNote}; JIT = `dotnet DrainSafe.Agent.dll` (Release, framework-dependent). ")
            .Append(CultureInfo.InvariantCulture, $"Start: {options.Starts} starts of each, alternating, from `Process.Start` to the VM's IMDS counting the first request (the first poll), median. ")
            .Append(CultureInfo.InvariantCulture, $"Then both run side by side, idle (no event: a GET of IMDS per second, one open watch of the NodeMaintenance), {options.Warmup.TotalSeconds:F0} s warm-up, then a {options.Window.TotalSeconds:F0} s window: RSS = median of VmRSS sampled each second; CPU = (utime+stime) over the window / wall time.\n\n")
            .Append("| build | binary | steady RSS | CPU (one core) | start to first poll | polls/s in window |\n|---|---|---|---|---|---|\n")
            .Append(CultureInfo.InvariantCulture, $"| NativeAOT | {sizeMiB:F1} MiB (self-contained) | {aot.Rss:F1} MiB | {aot.CpuPercent:F2} % | {aot.Start:F0} ms | {aot.PollsPerSecond:F2} |\n")
            .Append(CultureInfo.InvariantCulture, $"| JIT | DrainSafe.Agent.dll + the shared .NET and ASP.NET Core runtime | {jit.Rss:F1} MiB | {jit.CpuPercent:F2} % | {jit.Start:F0} ms | {jit.PollsPerSecond:F2} |\n\n")
            .Append(CultureInfo.InvariantCulture, $"Raw start (ms): NativeAOT {Join(aot.StartMs)}; JIT {Join(jit.StartMs)}. RSS min/max (MiB): NativeAOT {aot.RssMiB.Min():F1}/{aot.RssMiB.Max():F1}; JIT {jit.RssMiB.Min():F1}/{jit.RssMiB.Max():F1}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"RSS split, median (MiB, RssAnon/RssFile of /proc/PID/status): NativeAOT {aot.Anon:F1} anonymous + {aot.FileBacked:F1} file-backed; JIT {jit.Anon:F1} + {jit.FileBacked:F1}. ")
            .Append(CultureInfo.InvariantCulture, $"NativeAOT RSS every 10 s of the window (MiB): {Join(aot.RssMiB.Where((_, i) => i % 10 == 0), "F1")}.")
            .Append(aot.Environment.Count == 0 ? "\n\n" : $" NativeAOT environment: {string.Join(' ', aot.Environment.Select(e => $"`{e.Key}={e.Value}`"))}.\n\n")
            .Append("Targets (NativeAOT): ").Append(string.Join("; ", targets)).Append(".\n\n");
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"agent: aot rss={aot.Rss:F1} MiB cpu={aot.CpuPercent:F2} % start={aot.Start:F0} ms size={sizeMiB:F1} MiB; jit rss={jit.Rss:F1} MiB cpu={jit.CpuPercent:F2} % start={jit.Start:F0} ms");
        body.Append("Headline: `").Append(headline).Append("`\n");
        var path = ResultsFile.WriteSection((options.Quick ? "agent-quick" : "agent") + (options.AotEnvironment.Count > 0 ? "-aot-env" : string.Empty), ResultsFile.Command("agent", args), body.ToString());
        Console.WriteLine();
        foreach (var target in targets)
        {
            Console.WriteLine(target);
        }

        Console.WriteLine($"results written to {path}");
        Console.WriteLine(headline);
        return 0;
    }

    private static string Target(string what, double value, double limit, string unit) => value <= limit
        ? string.Create(CultureInfo.InvariantCulture, $"{what} {value:0.##} {unit} <= {limit} {unit}: met")
        : string.Create(CultureInfo.InvariantCulture, $"{what} {value:0.##} {unit} > {limit} {unit}: MISSED by {value - limit:0.##} {unit} ({(value / limit - 1) * 100:F0} % over)");

    private static string Join(IEnumerable<double> values, string format = "F0") =>
        string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private sealed class Variant(string name, string path, NodeRequest node, IReadOnlyDictionary<string, string> environment)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public NodeRequest Node { get; } = node;

        public IReadOnlyDictionary<string, string> Environment { get; } = environment;

        public List<double> AnonMiB { get; } = [];

        public List<double> FileMiB { get; } = [];

        public double Anon => Statistics.Percentile(AnonMiB, 50);

        public double FileBacked => Statistics.Percentile(FileMiB, 50);

        public List<double> StartMs { get; } = [];

        public List<double> RssMiB { get; } = [];

        public double CpuPercent { get; set; }

        public double PollsPerSecond { get; set; }

        public double Start => Statistics.Percentile(StartMs, 50);

        public double Rss => Statistics.Percentile(RssMiB, 50);
    }
}
