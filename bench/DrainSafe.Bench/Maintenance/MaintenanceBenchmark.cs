using System.Globalization;
using System.Text;
using DrainSafe.Bench.Measurement;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Scenarios;
using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Bench.Maintenance;

/// <summary>
/// Every built-in scenario played with and without DrainSafe (the sandbox's <c>--compare</c>, <see cref="SandboxCommand.CompareAsync"/>):
/// evictable pods still running when their VM went down, and how long before NotBefore each approved maintenance started.
/// </summary>
internal static class MaintenanceBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var quick = args is ["--quick"];
        if (args.Count > 0 && !quick)
        {
            Console.Error.WriteLine($"drainsafe-bench maintenance: unknown option '{args[0]}' (only --quick)");
            return 2;
        }

        // The quick form plays every timeline 4 times faster; the agents then poll every 200 ms instead of 250 ms (the demo's rule).
        var demo = new DemoOptions
        {
            Speed = quick ? 4 : 1,
            Kubeconfig = Path.Combine(Path.GetTempPath(), $"drainsafe-bench-maintenance-{Environment.ProcessId}", "kubeconfig"),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"maintenance benchmark: {ScenarioLoader.BuiltInNames.Count} built-in scenarios, each without then with DrainSafe, timeline x{demo.Speed}, grace x{demo.GraceScale}, {Environment.ProcessorCount} cores"));
        var rows = new List<ScenarioFigures>();
        try
        {
            foreach (var name in ScenarioLoader.BuiltInNames)
            {
                var (with, without) = await SandboxCommand.CompareAsync(ScenarioLoader.Load(name), demo, TextWriter.Null, CancellationToken.None);
                var figures = ScenarioFigures.Of(name, with, without);
                rows.Add(figures);
                Console.WriteLine(figures.ConsoleLine());
            }
        }
        finally
        {
            var directory = Path.GetDirectoryName(demo.Kubeconfig)!;
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        var early = rows.SelectMany(r => r.EarlySeconds).ToList();
        var earlyShare = rows.SelectMany(r => r.EarlyShares).ToList();
        var lostWith = rows.Sum(r => r.PodsLostWith);
        var lostWithout = rows.Sum(r => r.PodsLostWithout);
        var lostWithoutNotice = rows.Sum(r => r.PodsLostWithNoNotice);
        var medianEarly = early.Count == 0 ? double.NaN : Statistics.Median(early);
        var medianShare = earlyShare.Count == 0 ? double.NaN : Statistics.Median(earlyShare);
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"maintenance: pods lost {lostWith} with DrainSafe ({lostWithoutNotice} to events with no notice) / {lostWithout} without over {rows.Count} scenarios; {early.Count} approved maintenances started a median {medianEarly:F1} s ({medianShare:P0} of their notice) before NotBefore, without DrainSafe 0 s");

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Each built-in scenario (`DrainSafe.Sandbox/Scenarios/BuiltIn`) played as `dotnet run --project DrainSafe.Sandbox -- --compare --scenario NAME{(quick ? " --speed 4" : string.Empty)}` does (`SandboxCommand.CompareAsync`): ")
            .Append("on a fresh simulated cluster without DrainSafe, then on another with DrainSafe's real operator and one real agent per node (in the benchmark's process, against the sandbox API server and each VM's simulated IMDS over HTTP). ")
            .Append(CultureInfo.InvariantCulture, $"Timeline x{demo.Speed} (agents poll IMDS every {Math.Max(200, 250 / demo.Speed):0} ms, the demo's rule), grace periods x{demo.GraceScale}.\n\n")
            .Append("- pods lost: evictable pods still on the node when its VM went down (reboot, redeploy, preemption; DaemonSet and mirror pods do not count), summed over the scenario's events.\n")
            .Append("- started early: for each event DrainSafe approved, NotBefore minus the moment IMDS reported it Started, in seconds of wall time and as a share of the notice (NotBefore minus the announcement). ")
            .Append("Without DrainSafe nothing approves, so Azure starts at NotBefore: 0 s early.\n")
            .Append("- pods lost with DrainSafe to an event that appeared already Started (a hardware failure: no notice, nothing can drain first) are counted, and shown in brackets.\n\n")
            .Append("| scenario | node events | pods lost without | pods lost with | approved (with) | started early (with), each | expectations (with) |\n")
            .Append("|---|---|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            body.Append(row.TableRow());
        }

        body.Append(CultureInfo.InvariantCulture, $"| **all** | {rows.Sum(r => r.NodeEvents)} | **{lostWithout}** | **{lostWith}** ({lostWithoutNotice} with no notice) | {early.Count} | median **{medianEarly:F1} s** ({medianShare:P0} of the notice) | {rows.Count(r => r.Succeeded)}/{rows.Count} held all |\n\n")
            .Append("Headline: `").Append(headline).Append("`\n");
        var path = ResultsFile.WriteSection(quick ? "maintenance-quick" : "maintenance", ResultsFile.Command("maintenance", args), body.ToString());
        Console.WriteLine();
        Console.WriteLine($"results written to {path}");
        Console.WriteLine(headline);
        return rows.All(r => r.Succeeded) ? 0 : 1;
    }

    private sealed record ScenarioFigures(
        string Name, int NodeEvents, int PodsLostWith, int PodsLostWithNoNotice, int PodsLostWithout, IReadOnlyList<double> EarlySeconds, IReadOnlyList<double> EarlyShares,
        bool Succeeded, string Failed)
    {
        public static ScenarioFigures Of(string name, ScenarioReport with, ScenarioReport without)
        {
            var approved = with.Histories.Where(h => h.ApprovedAt is not null && h.StartedBeforeNotBefore is not null).ToList();
            return new ScenarioFigures(
                name,
                with.Histories.Count,
                with.Histories.Sum(h => h.PodsKilled),
                with.Histories.Where(h => h.AppearedStarted).Sum(h => h.PodsKilled),
                without.Histories.Sum(h => h.PodsKilled),
                approved.Select(h => h.StartedBeforeNotBefore!.Value.TotalSeconds).ToList(),
                approved.Where(h => h.NotBefore > h.AnnouncedAt)
                    .Select(h => h.StartedBeforeNotBefore!.Value.TotalSeconds / (h.NotBefore!.Value - h.AnnouncedAt).TotalSeconds).ToList(),
                with.Succeeded,
                string.Join("; ", with.Expectations.Where(e => e.Outcome == ExpectationOutcome.Failed).Select(e => e.Name)));
        }

        public string ConsoleLine() => string.Create(CultureInfo.InvariantCulture,
            $"{Name,-26} pods lost with {PodsLostWith,3} / without {PodsLostWithout,3}; approved {EarlySeconds.Count}, started early {Each()}{(Succeeded ? string.Empty : $"; FAILED: {Failed}")}");

        public string TableRow() => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {NodeEvents} | {PodsLostWithout} | {PodsLostWith}{(PodsLostWithNoNotice > 0 ? $" ({PodsLostWithNoNotice} with no notice)" : string.Empty)} | {EarlySeconds.Count} | {Each()} | {(Succeeded ? "all held" : "FAILED: " + Failed)} |\n");

        private string Each() => EarlySeconds.Count == 0
            ? "-"
            : string.Join(", ", EarlySeconds.Zip(EarlyShares.Concat(Enumerable.Repeat(double.NaN, EarlySeconds.Count)))
                .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.First:F1} s ({e.Second:P0})")));
    }
}
