using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DrainSafe.Sandbox.Demo;

/// <summary>
/// One node agent as its own operating-system process, configured the way the DaemonSet configures it: its node name,
/// its VM's IMDS address and a kubeconfig for the API server (<c>KUBECONFIG</c>). Runs either build: the JIT one
/// (<c>dotnet DrainSafe.Agent.dll</c>) or the published NativeAOT binary. Used by the end-to-end tests and the
/// footprint benchmark; <see cref="DrainSafeInCluster"/> runs agents in this process instead.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();

    private AgentProcess(Process process, string nodeName)
    {
        Process = process;
        NodeName = nodeName;
    }

    /// <summary>The environment variable that names the published NativeAOT agent binary (set by CI).</summary>
    public const string NativeBinaryVariable = "DRAINSAFE_AOT_AGENT";

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The node the agent runs for.</summary>
    public string NodeName { get; }

    /// <summary>Everything the agent wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => output;

    /// <summary>The JIT agent next to the running assembly (a project that references DrainSafe.Agent has it in its output).</summary>
    public static string JitAgentPath => Path.Combine(AppContext.BaseDirectory, "DrainSafe.Agent.dll");

    /// <summary>The NativeAOT binary named by <see cref="NativeBinaryVariable"/>; null when unset.</summary>
    public static string? NativeAgentPath => Environment.GetEnvironmentVariable(NativeBinaryVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>Starts an agent.</summary>
    /// <param name="agentPath">A <c>.dll</c> (run with <c>dotnet</c>) or a native executable.</param>
    /// <param name="nodeName">The node (<c>NODE_NAME</c>, as the downward API gives it).</param>
    /// <param name="imdsBaseUrl">Its VM's IMDS, e.g. <see cref="Imds.Http.ImdsServer.VmBaseAddress"/>.</param>
    /// <param name="kubeconfig">A kubeconfig file for the API server, e.g. from <see cref="Api.SandboxApiServer.WriteKubeconfig"/>.</param>
    /// <param name="pollInterval">How often it polls IMDS.</param>
    /// <param name="settings">More <c>Agent:</c> settings, e.g. <c>VmName</c>.</param>
    /// <param name="environment">More environment variables for the process, e.g. <c>DOTNET_GCgen0size</c>.</param>
    /// <returns>The running agent; dispose it to stop it (SIGTERM, then a kill if it does not exit).</returns>
    public static AgentProcess Start(string agentPath, string nodeName, Uri imdsBaseUrl, string kubeconfig, TimeSpan pollInterval,
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentPath);
        ArgumentNullException.ThrowIfNull(imdsBaseUrl);
        var managed = agentPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(managed ? "dotnet" : agentPath)
        {
            // Its own stdin: a child that shares a terminal with a background job is stopped (SIGTTOU) when .NET sets it up.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            info.ArgumentList.Add(agentPath);
        }

        var values = new Dictionary<string, string>
        {
            ["ImdsBaseUrl"] = imdsBaseUrl.ToString(),
            ["PollInterval"] = pollInterval.ToString("c", CultureInfo.InvariantCulture),
            ["RetryInitialDelay"] = "00:00:00.200",
            ["RetryMaxDelay"] = "00:00:02",
            ["HealthPort"] = "0",
            ["HealthAddress"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            info.ArgumentList.Add($"--Agent:{key}={value}");
        }

        info.Environment["NODE_NAME"] = nodeName;
        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{agentPath} did not start");
        process.StandardInput.Close();
        var agent = new AgentProcess(process, nodeName);
        process.OutputDataReceived += (_, e) => agent.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>The last lines of the agent's output, for a failure message.</summary>
    /// <param name="lines">How many.</param>
    public string Tail(int lines = 40) =>
        $"pid {Process.Id}, {(Process.HasExited ? $"exited {Process.ExitCode}" : "state " + ProcessState())}\n" + string.Join('\n', output.TakeLast(lines));

    /// <summary>Stops the agent like the kubelet does: SIGTERM, then a kill after <paramref name="grace"/>.</summary>
    /// <param name="grace">How long it may take to exit.</param>
    /// <returns>True when it exited by itself within the grace period.</returns>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (Process.HasExited)
        {
            return true;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await Process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync().ConfigureAwait(false);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Process.Dispose();
    }

    // The state letter of /proc/PID/stat (R running, S sleeping, T stopped, ...).
    private string ProcessState()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Process.Id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 2000 && output.TryDequeue(out _))
        {
        }
    }
}
