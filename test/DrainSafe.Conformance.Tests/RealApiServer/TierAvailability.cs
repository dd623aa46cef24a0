using Xunit.Sdk;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>Turns "this tier cannot run here" into a skip on a developer machine and a failure in CI.</summary>
public static class TierAvailability
{
    /// <summary>True when running in CI (<c>CI=true</c>), where the real tier must always run.</summary>
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
            throw new XunitException($"CI=true, so the real kube-apiserver tier must run, but it cannot: {problem}");
        }

        throw new Xunit.SkipException(problem);
    }
}
