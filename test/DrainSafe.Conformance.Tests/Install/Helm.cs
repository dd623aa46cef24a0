using System.Diagnostics;

namespace DrainSafe.Conformance.Tests.Install;

/// <summary>
/// The Helm v3 that <c>scripts/helm/install.sh</c> fetches (<c>$DRAINSAFE_HELM</c>, else its cache path, else helm on
/// PATH), run with a private HOME so a developer's Helm settings do not leak in.
/// </summary>
internal static class Helm
{
    public static string? Location { get; } = new[]
    {
        Environment.GetEnvironmentVariable("DRAINSAFE_HELM"),
        Path.Combine(Environment.GetEnvironmentVariable("DRAINSAFE_TOOLS_CACHE") is { Length: > 0 } cache ? cache : "/var/cache/drainsafe",
            "helm", "v3.18.0", "helm"),
    }.Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "helm")))
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Skips locally (fails under CI=true) when Helm is not installed.</summary>
    public static void Require() =>
        CiRequirement.Require("helm install against the real kube-apiserver",
            Location is null ? "helm is not installed: run scripts/helm/install.sh (it fetches a pinned Helm v3 into /var/cache/drainsafe/helm)." : null);

    /// <summary>Runs helm in the repository root; returns exit code and output (killed after 120 s).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string home, params string[] arguments)
    {
        Require();
        var info = new ProcessStartInfo(Location!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = home;
        info.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "helm-cache");
        info.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "helm-config");
        info.Environment["HELM_DATA_HOME"] = Path.Combine(home, "helm-data");
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("helm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', arguments)} did not finish in 120 s.\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
