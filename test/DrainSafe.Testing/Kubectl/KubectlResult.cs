namespace DrainSafe.Testing.Kubectl;

/// <summary>What a finished kubectl run printed and returned.</summary>
public sealed record KubectlResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with the whole output when kubectl failed.</summary>
    public KubectlResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return this;
    }
}
