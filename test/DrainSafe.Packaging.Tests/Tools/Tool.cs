using System.Diagnostics;

namespace DrainSafe.Packaging.Tests.Tools;

/// <summary>
/// A command-line tool the packaging checks run (helm, kubectl), found at a fixed path or on PATH, run with HOME and
/// its caches in a private directory so a developer's settings do not leak in.
/// </summary>
public sealed class Tool
{
    private readonly string _name;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "drainsafe-packaging-tests-home");

    private Tool(string name, string? path, string installHint)
    {
        _name = name;
        Location = path;
        InstallHint = installHint;
    }

    /// <summary>Helm: <c>$DRAINSAFE_HELM</c>, else where <c>scripts/helm/install.sh</c> puts it, else helm on PATH.</summary>
    public static Tool Helm { get; } = new(
        "helm",
        FirstExisting(Environment.GetEnvironmentVariable("DRAINSAFE_HELM"), "/var/cache/drainsafe/helm/v3.18.0/helm", OnPath("helm")),
        "run scripts/helm/install.sh (it fetches a pinned Helm v3 into /var/cache/drainsafe/helm)");

    /// <summary>kubectl (for <c>kubectl kustomize</c>): <c>/usr/bin/kubectl</c>, else kubectl on PATH.</summary>
    public static Tool Kubectl { get; } = new(
        "kubectl",
        FirstExisting("/usr/bin/kubectl", OnPath("kubectl")),
        "install kubectl (it builds the kustomize overlays)");

    /// <summary>Where the tool is; null when it is not installed.</summary>
    public string? Location { get; }

    /// <summary>What to do when the tool is missing.</summary>
    public string InstallHint { get; }

    /// <summary>Skips the test (locally) or fails it (CI=true) when the tool is not installed.</summary>
    public void Require() =>
        CiRequirement.Require("the packaging checks", Location is null ? $"{_name} is not installed: {InstallHint}." : null);

    /// <summary>Runs the tool in the repository root to completion (killed after 120 s).</summary>
    public async Task<ToolResult> RunAsync(params string[] arguments)
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

        Directory.CreateDirectory(_home);
        info.Environment["HOME"] = _home;
        info.Environment["HELM_CACHE_HOME"] = Path.Combine(_home, "helm-cache");
        info.Environment["HELM_CONFIG_HOME"] = Path.Combine(_home, "helm-config");
        info.Environment["HELM_DATA_HOME"] = Path.Combine(_home, "helm-data");
        info.Environment.Remove("KUBECONFIG");

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{_name} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var command = $"{_name} {string.Join(' ', arguments)}";
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish in 120 s.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new ToolResult(command, process.ExitCode, await stdout, await stderr);
    }

    private static string? FirstExisting(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));

    private static string? OnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, name))
        .FirstOrDefault(File.Exists);
}
