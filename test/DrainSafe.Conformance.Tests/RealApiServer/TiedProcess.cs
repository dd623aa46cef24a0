using System.Diagnostics;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>
/// A server process that cannot outlive the test host: a small bash supervisor starts it and stops it
/// when the test host is gone (crash, kill -9), so no etcd or kube-apiserver is left behind.
/// </summary>
public sealed class TiedProcess : IAsyncDisposable
{
    // Polls the parent once a second; TERM first so etcd and the apiserver shut down cleanly, KILL after 10 s.
    private const string Supervisor = """
        parent=$1; log=$2; shift 2
        "$@" >>"$log" 2>&1 </dev/null &
        child=$!
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -TERM "$child" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$child" 2>/dev/null || exit 0; sleep 1; done
        kill -KILL "$child" 2>/dev/null
        """;

    private readonly Process _supervisor;

    private TiedProcess(string name, Process supervisor, string logPath)
    {
        Name = name;
        _supervisor = supervisor;
        LogPath = logPath;
    }

    /// <summary>A short name for messages (etcd, kube-apiserver).</summary>
    public string Name { get; }

    /// <summary>The file that receives the process's stdout and stderr.</summary>
    public string LogPath { get; }

    /// <summary>True once the process (or its supervisor) has exited.</summary>
    public bool HasExited => _supervisor.HasExited;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>, logging to <paramref name="logPath"/>.</summary>
    public static TiedProcess Start(string name, string executable, IEnumerable<string> arguments, string logPath)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (var argument in new[] { "-c", Supervisor, "supervise-" + name, Environment.ProcessId.ToString(), logPath, executable })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        File.WriteAllText(logPath, string.Empty);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        return new TiedProcess(name, process, logPath);
    }

    /// <summary>The last lines of the process's log, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(LogPath);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException exception)
        {
            return $"(cannot read {LogPath}: {exception.Message})";
        }
    }

    /// <summary>Kills the process and its supervisor.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_supervisor.HasExited)
            {
                _supervisor.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _supervisor.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // The kernel did not reap it in time; nothing more a test can do.
        }
        finally
        {
            _supervisor.Dispose();
        }
    }
}
