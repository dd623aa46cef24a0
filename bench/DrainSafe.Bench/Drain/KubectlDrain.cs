using System.Diagnostics;

namespace DrainSafe.Bench.Drain;

/// <summary>
/// One <c>kubectl drain NODE --ignore-daemonsets --delete-emptydir-data --force</c> against the sandbox, timed from process
/// start to exit. A <c>kubectl get nodes</c> before it fills kubectl's discovery cache, as on any admin's machine.
/// </summary>
internal static class KubectlDrain
{
    public const string Executable = "/usr/bin/kubectl";

    public static readonly IReadOnlyList<string> DrainArguments = ["--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=300s"];

    /// <summary>Diagnostics only: a file that collects kubectl drain's stderr, run with <c>-v=3</c> (client-side throttling waits).</summary>
    public const string DiagnosticsVariable = "DRAINSAFE_BENCH_KUBECTL_LOG";

    public static bool IsAvailable => File.Exists(Executable);

    private static IReadOnlyList<string> Verbosity => Environment.GetEnvironmentVariable(DiagnosticsVariable) is { Length: > 0 } ? ["-v=3"] : [];

    public static async Task<DrainTiming> RunAsync(DrainWorld world, TimeSpan timeout)
    {
        var home = Directory.CreateTempSubdirectory("drainsafe-bench-kubectl-");
        try
        {
            var kubeconfig = world.Cluster.Server.WriteKubeconfig(Path.Combine(home.FullName, "kubeconfig"));
            await RunKubectlAsync(kubeconfig, home.FullName, ["get", "nodes"], timeout);
            var started = Stopwatch.GetTimestamp();
            var stderr = await RunKubectlAsync(kubeconfig, home.FullName, ["drain", DrainWorld.Node, .. DrainArguments, .. Verbosity], timeout);
            if (Environment.GetEnvironmentVariable(DiagnosticsVariable) is { Length: > 0 } log)
            {
                await File.AppendAllTextAsync(log, stderr);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var left = world.PodsOnNode().Count;
            if (left != 0)
            {
                throw new InvalidOperationException($"kubectl drain exited with {left} pods still on {DrainWorld.Node}");
            }

            return new DrainTiming(elapsed, null);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>The time kubectl takes to start and exit, without talking to any server.</summary>
    public static async Task<TimeSpan> ProcessOverheadAsync()
    {
        var home = Directory.CreateTempSubdirectory("drainsafe-bench-kubectl-");
        try
        {
            var started = Stopwatch.GetTimestamp();
            await RunKubectlAsync(null, home.FullName, ["version", "--client"], TimeSpan.FromSeconds(30));
            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static async Task<string> RunKubectlAsync(string? kubeconfig, string home, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (kubeconfig is not null)
        {
            info.ArgumentList.Add("--kubeconfig");
            info.ArgumentList.Add(kubeconfig);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = home;
        info.Environment["KUBECACHEDIR"] = Path.Combine(home, "cache");
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return await stderr;
    }
}
