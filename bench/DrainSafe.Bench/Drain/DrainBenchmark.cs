using System.Globalization;
using System.Text;
using DrainSafe.Bench.Measurement;

namespace DrainSafe.Bench.Drain;

/// <summary>
/// DrainSafe against <c>kubectl drain</c> on the same sandbox state: one node with 110 pods of six Deployments, drained
/// by each in turn on a fresh world per run, without and then with a PDB (maxUnavailable 1) on one Deployment.
/// </summary>
internal static class DrainBenchmark
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        DrainOptions options;
        try
        {
            options = DrainOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"drainsafe-bench drain: {e.Message}");
            return 2;
        }

        if (!KubectlDrain.IsAvailable)
        {
            Console.Error.WriteLine($"drainsafe-bench drain: {KubectlDrain.Executable} not found; kubectl is the baseline.");
            return 2;
        }

        Console.WriteLine($"drain benchmark: {DrainWorld.Replicas.Sum()} pods ({string.Join("+", DrainWorld.Replicas)}) on {DrainWorld.Node} (maxPods {DrainWorld.MaxPods}), " +
            $"{DrainWorld.OtherNodes} other nodes, grace 30 s x {DrainWorld.GracePeriodScale}, {options.Rounds} rounds per variant, {Environment.ProcessorCount} cores");

        // One untimed drain first, so the operator's code is jitted as in a long-running operator (kubectl is native).
        await using (var warm = await DrainWorld.StartAsync(withPdb: false))
        {
            await DrainSafeDrain.RunAsync(warm, RunTimeout);
        }

        var kubectlOverhead = await KubectlDrain.ProcessOverheadAsync();
        var noPdb = await RunVariantAsync("no PDB", withPdb: false, options.Rounds);
        var pdb = await RunVariantAsync($"PDB maxUnavailable 1 on {DrainWorld.PdbDeployment} ({DrainWorld.Replicas[^1]} pods)", withPdb: true, options.Rounds);

        var headline = string.Create(CultureInfo.InvariantCulture, $"drain: drainsafe/kubectl = {noPdb.Ratio:F2} (no PDB), {pdb.Ratio:F2} (PDB)");
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"One node ({DrainWorld.Node}, maxPods {DrainWorld.MaxPods}) with {DrainWorld.Replicas.Sum()} pods of six Deployments ")
            .Append(CultureInfo.InvariantCulture, $"({string.Join(", ", DrainWorld.Replicas)} replicas; terminationGracePeriodSeconds 30, GracePeriodScale {DrainWorld.GracePeriodScale}: 300 ms), ")
            .Append(CultureInfo.InvariantCulture, $"{DrainWorld.OtherNodes} other nodes with room for all of them; default PodStartDelay (200 ms). A fresh world per run; ")
            .Append(CultureInfo.InvariantCulture, $"{options.Rounds} rounds per variant, DrainSafe and kubectl alternating which goes first; one untimed DrainSafe drain first (JIT warm-up).\n\n")
            .Append("- DrainSafe: the real operator host (`OperatorHost`) with its default options; only the health port (free loopback port), logging (off) and the lease namespace (`default`) are set. ")
            .Append("Its NodeMaintenance spec is written (Reboot, NotBefore in 10 min) once it leads and its informers have synced; timed from the write to status.state NodeDrained, read from the store's watch (which includes the cordon). ")
            .Append("Also shown: from NodeCordoned to NodeDrained.\n")
            .Append(CultureInfo.InvariantCulture, $"- kubectl: `kubectl drain {DrainWorld.Node} {string.Join(' ', KubectlDrain.DrainArguments)}` (kubectl 1.32), timed from process start to exit, after an untimed `kubectl get nodes` that fills its discovery cache. ")
            .Append(CultureInfo.InvariantCulture, $"Its process alone (`kubectl version --client`) takes {kubectlOverhead.TotalMilliseconds:F0} ms.\n\n")
            .Append("| variant | DrainSafe median (write→drained) | DrainSafe median (cordoned→drained) | kubectl median | ratio drainsafe/kubectl |\n")
            .Append("|---|---|---|---|---|\n")
            .Append(noPdb.Row).Append(pdb.Row)
            .Append('\n')
            .Append(noPdb.Raw).Append(pdb.Raw)
            .Append('\n')
            .Append("Why: ").Append(Explanation).Append("\n\n")
            .Append("Headline: `").Append(headline).Append("`\n");
        var path = ResultsFile.WriteSection(options.Quick ? "drain-quick" : "drain", ResultsFile.Command("drain", args), body.ToString());
        Console.WriteLine();
        Console.WriteLine($"results written to {path}");
        Console.WriteLine(headline);
        return 0;
    }

    private const string Explanation =
        "kubectl's time is mostly its own client-side rate limit: kubectl 1.32 keeps client-go's default of 5 requests/s (burst 10) for everything but discovery, " +
        "and a drain of 110 pods needs at least 110 eviction POSTs plus a GET per pod (it polls each evicted pod every second until it is gone): " +
        "about 220 requests / 5 per s = 22 s, whatever the API server does. Run with -v=3 (set " + KubectlDrain.DiagnosticsVariable + "=FILE), " +
        "one drain of each variant logged 460 'Waited ... due to client-side throttling' lines (219 eviction POSTs, 241 pod GETs), the longest wait 10.0 s. " +
        "With the PDB, kubectl also sleeps 5 s after every refused (429) eviction before retrying that pod. " +
        "DrainSafe evicts 16 at a time under its own limit of 200 requests/s (burst 400), sees a pod gone from its watch of the node's pods (no polling), " +
        "and retries a refused eviction as soon as the PDB's status allows a disruption again (or after its jittered 2 s retry delay). " +
        "On a real cluster kubectl has the same client limit, so the no-PDB ratio is mostly 5 against 200 requests/s and polling against watching; " +
        "it is not a measure of the API server.";

    private static async Task<VariantResult> RunVariantAsync(string name, bool withPdb, int rounds)
    {
        var drainsafe = new List<DrainTiming>();
        var kubectl = new List<DrainTiming>();
        for (var round = 0; round < rounds; round++)
        {
            var drainsafeFirst = round % 2 == 0;
            foreach (var runDrainSafe in drainsafeFirst ? new[] { true, false } : [false, true])
            {
                await using var world = await DrainWorld.StartAsync(withPdb);
                var timing = runDrainSafe ? await DrainSafeDrain.RunAsync(world, RunTimeout) : await KubectlDrain.RunAsync(world, RunTimeout);
                (runDrainSafe ? drainsafe : kubectl).Add(timing);
                var fromCordoned = timing.FromCordoned is { } c ? string.Create(CultureInfo.InvariantCulture, $"  (from cordoned {c.TotalSeconds:F2} s)") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-40} round {round + 1}/{rounds} {(runDrainSafe ? "drainsafe" : "kubectl"),-10} {timing.Total.TotalSeconds,7:F2} s{fromCordoned}"));
            }
        }

        var ds = Statistics.Median(drainsafe.Select(t => t.Total.TotalSeconds).ToList());
        var dsCordoned = Statistics.Median(drainsafe.Select(t => (t.FromCordoned ?? t.Total).TotalSeconds).ToList());
        var kc = Statistics.Median(kubectl.Select(t => t.Total.TotalSeconds).ToList());
        var ratio = ds / kc;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median drainsafe {ds:F2} s (from cordoned {dsCordoned:F2} s), kubectl {kc:F2} s, ratio {ratio:F2}"));
        return new VariantResult(
            ratio,
            string.Create(CultureInfo.InvariantCulture, $"| {name} | {ds:F2} s | {dsCordoned:F2} s | {kc:F2} s | **{ratio:F2}** |\n"),
            string.Create(CultureInfo.InvariantCulture,
                $"Raw, {name} (s): DrainSafe write→drained {Join(drainsafe.Select(t => t.Total))}; cordoned→drained {Join(drainsafe.Select(t => t.FromCordoned ?? t.Total))}; kubectl {Join(kubectl.Select(t => t.Total))}\n\n"));
    }

    private static string Join(IEnumerable<TimeSpan> values) =>
        string.Join(", ", values.Select(v => v.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)));

    private sealed record VariantResult(double Ratio, string Row, string Raw);
}
