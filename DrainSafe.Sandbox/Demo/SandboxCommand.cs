using System.Globalization;
using DrainSafe.Sandbox.Scenarios;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;

namespace DrainSafe.Sandbox.Demo;

/// <summary>
/// The sandbox main job: starts the simulated cluster, installs the NodeMaintenance CRD, plays a scenario while showing
/// every node live with DrainSafe's real operator and agents running (or without them, for comparison), then prints the
/// summary and the expectations.
/// </summary>
public static class SandboxCommand
{
    /// <summary>Every evaluated expectation held.</summary>
    public const int Success = 0;

    /// <summary>An expectation failed, or the cluster could not be built.</summary>
    public const int ExpectationFailed = 1;

    /// <summary>The command line was wrong.</summary>
    public const int BadOptions = 2;

    /// <summary>Stopped by Ctrl+C before the scenario was over.</summary>
    public const int Interrupted = 130;

    private const int MaxNodesListed = 12;

    /// <summary>Runs the main job with <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var (options, error) = CommandLine.Parse(args);
        if (options is null)
        {
            await errors.WriteLineAsync($"drainsafe-sandbox: {error}").ConfigureAwait(false);
            return BadOptions;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return Success;
        }

        if (options.ListScenarios)
        {
            foreach (var name in ScenarioLoader.BuiltInNames)
            {
                await output.WriteLineAsync(name).ConfigureAwait(false);
            }

            return Success;
        }

        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Load(options.Scenario);
        }
        catch (ScenarioFormatException ex)
        {
            await errors.WriteLineAsync($"drainsafe-sandbox: option '--scenario': {ex.Message}").ConfigureAwait(false);
            return BadOptions;
        }

        var minimum = ScenarioSizing.MinimumNodesPerPool(scenario);
        if (options.Nodes < minimum)
        {
            await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"drainsafe-sandbox: option '--nodes': {options.Nodes} is too few for scenario '{scenario.Name}', which names nodes up to index {minimum - 1}; use --nodes {minimum} or more.")).ConfigureAwait(false);
            return BadOptions;
        }

        try
        {
            if (options.Compare && !options.WithoutDrainSafe)
            {
                await output.WriteLineAsync($"--compare: playing '{scenario.Name}' without DrainSafe first (quietly), then with it.").ConfigureAwait(false);
                var comparison = await CompareAsync(scenario, options, output, cancellationToken).ConfigureAwait(false);
                return comparison.With.Succeeded ? Success : ExpectationFailed;
            }

            var (exitCode, _) = await PlayAsync(scenario, options, output, null, cancellationToken).ConfigureAwait(false);
            return exitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Interrupted.").ConfigureAwait(false);
            return Interrupted;
        }
        catch (TimeoutException ex)
        {
            await errors.WriteLineAsync($"drainsafe-sandbox: {ex.Message}").ConfigureAwait(false);
            return ExpectationFailed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await errors.WriteLineAsync($"drainsafe-sandbox: the run failed: {ex}").ConfigureAwait(false);
            return ExpectationFailed;
        }
    }

    /// <summary>
    /// What <c>--compare</c> does: plays <paramref name="scenario"/> without DrainSafe (quietly), then on a fresh cluster
    /// with DrainSafe's operator and agents, writing the second run and the side-by-side figures to <paramref name="output"/>.
    /// </summary>
    /// <param name="scenario">The scenario to play twice.</param>
    /// <param name="options">How to play it (speed, sizes, kubeconfig path); <see cref="DemoOptions.WithoutDrainSafe"/> is ignored.</param>
    /// <param name="output">Where the run with DrainSafe is shown; <see cref="TextWriter.Null"/> for nowhere.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The reports of both runs.</returns>
    public static async Task<(ScenarioReport With, ScenarioReport Without)> CompareAsync(
        Scenario scenario, DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var (_, without) = await PlayAsync(scenario, options with { WithoutDrainSafe = true, KeepRunning = false }, TextWriter.Null, null, cancellationToken)
            .ConfigureAwait(false);
        var (_, with) = await PlayAsync(scenario, options with { WithoutDrainSafe = false }, output, without, cancellationToken).ConfigureAwait(false);
        return (with, without);
    }

    private static async Task<(int ExitCode, ScenarioReport Report)> PlayAsync(
        Scenario scenario, DemoOptions options, TextWriter output, ScenarioReport? baseline, CancellationToken cancellationToken)
    {
        var runOptions = new ScenarioRunOptions
        {
            TimeScale = 1 / options.Speed,
            NodesPerPool = options.Nodes,
            PodsPerNode = options.PodsPerNode,
            DrainSafeRunning = !options.WithoutDrainSafe,
        };
        await output.WriteLineAsync($"DrainSafe sandbox: scenario '{scenario.Name}': {scenario.Description}").ConfigureAwait(false);
        if (options.WithoutDrainSafe)
        {
            await output.WriteLineAsync("NOTE: --without-drainsafe: this run shows the simulated cluster WITHOUT DrainSafe: nothing cordons, drains").ConfigureAwait(false);
            await output.WriteLineAsync("      or approves, so Azure's maintenance hits running pods. Run without the option to compare.").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);

        await using var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            World = WorldOptionsFor(options),
            ServeImds = true,
        }, cancellationToken).ConfigureAwait(false);
        await using var drainSafe = new DrainSafeInCluster(cluster) { AgentPollInterval = AgentPollInterval(options) };
        var kubeconfig = cluster.Server.WriteKubeconfig(options.Kubeconfig ?? DemoOptions.DefaultKubeconfig);
        await output.WriteLineAsync($"API server:  {cluster.Server.BaseAddress}").ConfigureAwait(false);
        await output.WriteLineAsync($"kubeconfig:  {kubeconfig}   (kubectl --kubeconfig {kubeconfig} get nodes,pods -A)").ConfigureAwait(false);
        await output.WriteLineAsync(InstallCrd(cluster)).ConfigureAwait(false);
        await output.WriteLineAsync(InstallAdmissionPolicy(cluster)).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Time scale:  timeline x{options.Speed:0.##}; grace periods x{options.GraceScale:0.####} (a 30 s grace period takes {TimeSpan.FromSeconds(30 * options.GraceScale).TotalMilliseconds:0} ms; --speed, --grace-scale)")).ConfigureAwait(false);

        var nodesPerPool = scenario.Cluster.Pools.Select(p => options.Nodes ?? p.Nodes).ToList();
        var totalNodes = nodesPerPool.Sum();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Cluster:     {string.Join(", ", scenario.Cluster.Pools.Select((p, i) => $"pool {p.Name}: {nodesPerPool[i]} nodes"))}; workloads: {Workloads(scenario, options)}")).ConfigureAwait(false);
        if (scenario.Cluster.CordonedNodes.Count > 0)
        {
            await output.WriteLineAsync($"             cordoned by an administrator beforehand: {string.Join(", ", scenario.Cluster.CordonedNodes)}").ConfigureAwait(false);
        }

        var touched = TouchedNodes(scenario, nodesPerPool);
        var width = Math.Max(18, scenario.Cluster.Pools.Max(p => SandboxNames.NodeName(p.Name, 0).Length) + 1);
        var table = new LiveNodeTable(output, width, node => totalNodes <= MaxNodesListed || touched.Contains(node), runOptions.DrainSafeRunning);
        if (runOptions.DrainSafeRunning)
        {
            await drainSafe.StartOperatorAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"DrainSafe:   the operator runs against the API server; one agent per node polls its VM's IMDS every {drainSafe.AgentPollInterval.TotalMilliseconds:0} ms")).ConfigureAwait(false);
        }

        var player = new ScenarioPlayer(cluster, scenario, runOptions)
        {
            ClusterReady = runOptions.DrainSafeRunning ? drainSafe.StartAgentsAsync : null,
        };
        player.TimelineStarted += _ => output.WriteLine(totalNodes <= MaxNodesListed
            ? "Workloads are running; playing the timeline.\n"
            : $"Workloads are running; playing the timeline (listing the {touched.Count} nodes the scenario touches of {totalNodes}).\n");
        player.NodeChanged += table.Write;
        await output.WriteLineAsync("Starting the workloads...").ConfigureAwait(false);
        var report = await player.PlayAsync(cancellationToken).ConfigureAwait(false);
        SummaryWriter.Write(output, report);
        if (baseline is not null)
        {
            SummaryWriter.WriteComparison(output, report, baseline);
        }

        var exitCode = report.Succeeded ? Success : ExpectationFailed;
        await output.WriteLineAsync($"Exit code: {exitCode}").ConfigureAwait(false);

        if (options.KeepRunning)
        {
            await output.WriteLineAsync($"The API server stays up at {cluster.Server.BaseAddress} (kubectl --kubeconfig {kubeconfig} get nm,nodes); press Ctrl+C to stop.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopped.").ConfigureAwait(false);
            }
        }

        return (exitCode, report);
    }

    // Agents poll faster when the timeline plays faster, never below IMDS's 5 requests per second.
    private static TimeSpan AgentPollInterval(DemoOptions options) =>
        TimeSpan.FromMilliseconds(Math.Max(200, 250 / Math.Max(1, options.Speed)));

    /// <summary>The simulated cluster's behaviour for these options.</summary>
    internal static WorldOptions WorldOptionsFor(DemoOptions options) =>
        new() { PodStartDelay = TimeSpan.FromMilliseconds(300), GracePeriodScale = options.GraceScale };

    private static string InstallCrd(SimulatedCluster cluster)
    {
        if (CustomResourceDefinitionFile.Locate() is not { } path)
        {
            return $"CRD:         NOT FOUND: {CustomResourceDefinitionFile.RelativePath} does not exist yet (it is generated from DrainSafe.Entities); `kubectl get nodemaintenances` will not work in this run.";
        }

        try
        {
            return $"CRD:         installed {CustomResourceDefinitionFile.Install(cluster.Store, path)} from {path}";
        }
        catch (InvalidOperationException ex)
        {
            return $"CRD:         NOT INSTALLED: {ex.Message}";
        }
    }

    private static string InstallAdmissionPolicy(SimulatedCluster cluster)
    {
        if (AdmissionPolicyFiles.Locate() is not { } path)
        {
            return $"Admission:   NOT FOUND: {AdmissionPolicyFiles.RelativePath}; the agents are not held to their own node in this run.";
        }

        try
        {
            return $"Admission:   enforcing {string.Join(", ", AdmissionPolicyFiles.Install(cluster.Store, path).Distinct())} from {Path.GetDirectoryName(path)} (each agent's token is bound to its node)";
        }
        catch (InvalidOperationException ex)
        {
            return $"Admission:   NOT INSTALLED: {ex.Message}";
        }
    }

    private static string Workloads(Scenario scenario, DemoOptions options)
    {
        var parts = scenario.Cluster.Workloads.Select(w =>
        {
            var size = w.Kind == WorkloadKind.DaemonSet ? "one per node" : w.Replicas.ToString(CultureInfo.InvariantCulture);
            var pdb = w.Pdb is null ? string.Empty : w.Pdb.MinAvailable is { } min ? $", PDB minAvailable {min}" : $", PDB maxUnavailable {w.Pdb.MaxUnavailable}";
            return $"{w.Namespace}/{w.Name} ({w.Kind} {size}{pdb}{(w.EmptyDir ? ", emptyDir" : string.Empty)})";
        }).ToList();
        if (options.PodsPerNode is > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ClusterBuilder.LoadNamespace}/load (Deployment, {options.PodsPerNode} per node)"));
        }

        return string.Join(", ", parts);
    }

    private static HashSet<string> TouchedNodes(Scenario scenario, IReadOnlyList<int> nodesPerPool)
    {
        var vms = scenario.Timeline.SelectMany(t => t.Vms).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var touched = new HashSet<string>(scenario.Cluster.CordonedNodes, StringComparer.Ordinal);
        for (var p = 0; p < scenario.Cluster.Pools.Count; p++)
        {
            var pool = scenario.Cluster.Pools[p].Name;
            for (var i = 0; i < nodesPerPool[p]; i++)
            {
                if (vms.Contains(SandboxNames.VmName(pool, i)))
                {
                    touched.Add(SandboxNames.NodeName(pool, i));
                }
            }
        }

        return touched;
    }
}
