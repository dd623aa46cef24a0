using Xunit.Sdk;

namespace DrainSafe.Packaging.Tests.Tools;

/// <summary>Turns "a tool is missing here" into a skip on a developer machine and a failure in CI.</summary>
public static class ToolAvailability
{
    /// <summary>True when running in CI (<c>CI=true</c>), where every packaging check must run.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the current test (locally) or fails it (in CI) when <paramref name="problem"/> is set.</summary>
    public static void Require(string? problem)
    {
        if (string.IsNullOrEmpty(problem))
        {
            return;
        }

        if (IsCi)
        {
            throw new XunitException($"CI=true, so the packaging checks must run, but they cannot: {problem}");
        }

        throw new Xunit.SkipException(problem);
    }
}
