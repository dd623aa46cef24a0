namespace DrainSafe.Packaging.Tests.Tools;

/// <summary>How a command-line tool ended.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with the tool's output when it failed; returns stdout.</summary>
    public string EnsureSuccess() => ExitCode == 0
        ? StandardOutput
        : throw new InvalidOperationException($"{Command} exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
}
