using System.Diagnostics;

namespace DrainSafe.Testing.Kubectl;

/// <summary>
/// Runs the real <c>/usr/bin/kubectl</c> against a kubeconfig, with HOME and the discovery cache in a private
/// directory so nothing leaks between tests.
/// </summary>
public sealed class KubectlRunner
{
    private const string Executable = "/usr/bin/kubectl";
    private readonly string _kubeconfig;
    private readonly string _home;

    /// <summary>Creates a runner for a kubeconfig; <paramref name="home"/> holds HOME and the kubectl cache.</summary>
    public KubectlRunner(string kubeconfig, string home)
    {
        _kubeconfig = kubeconfig;
        _home = home;
    }

    /// <summary>True when kubectl is installed here.</summary>
    public static bool IsAvailable => File.Exists(Executable);

    /// <summary>Runs kubectl to completion (killing it after <paramref name="timeout"/>, default 60 s).</summary>
    public async Task<KubectlResult> RunAsync(IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, redirectInput: standardInput is not null);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in time.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl with the given arguments.</summary>
    public Task<KubectlResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    /// <summary>Runs kubectl and throws (with its output) when it fails; returns stdout.</summary>
    public async Task<string> RunOrThrowAsync(params string[] arguments) => (await RunAsync(arguments, null)).EnsureSuccess().StandardOutput;

    /// <summary>Starts a long-running kubectl (for example <c>get -w</c>).</summary>
    public KubectlProcess StartWatching(params string[] arguments) => new(Start(arguments, redirectInput: false));

    private Process Start(IEnumerable<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(_kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = _home;
        info.Environment["KUBECACHEDIR"] = Path.Combine(_home, "cache");
        info.Environment.Remove("KUBECONFIG");
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
