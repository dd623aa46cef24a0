using System.Diagnostics;
using System.Text;

namespace DrainSafe.Testing.Kubectl;

/// <summary>A kubectl that keeps running (for example <c>get -w</c>): read its output until a line appears, then kill it.</summary>
public sealed class KubectlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);

    internal KubectlProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything printed on stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Everything printed on stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Waits until stdout satisfies <paramref name="condition"/>; throws with the output after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var output = Output;
            if (condition(output))
            {
                return output;
            }

            if (_process.HasExited && !condition(Output))
            {
                throw new InvalidOperationException($"kubectl exited ({_process.ExitCode}) before the expected output.\nstdout:\n{Output}\nstderr:\n{Errors}");
            }

            try
            {
                await _changed.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"kubectl did not print the expected output within {timeout}.\nstdout:\n{Output}\nstderr:\n{Errors}");
            }
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed processes normally exit at once; do not hang a test on one that does not.
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            _changed.Release();
            return;
        }

        lock (_output)
        {
            target.AppendLine(line);
        }

        _changed.Release();
    }
}
