using Xunit.Sdk;

namespace DrainSafe.Testing;

/// <summary>Turns "this cannot run here" (a missing tool or binary) into a skip on a developer machine and a failure in CI.</summary>
public static class CiRequirement
{
    /// <summary>True when running in CI (<c>CI=true</c>), where every test must run.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the current test (locally) or fails it (in CI) when <paramref name="problem"/> is set.</summary>
    /// <param name="what">What cannot run, for the CI failure, e.g. "the real kube-apiserver tier".</param>
    /// <param name="problem">Why it cannot run; null when it can.</param>
    public static void Require(string what, string? problem)
    {
        if (string.IsNullOrEmpty(problem))
        {
            return;
        }

        if (IsCi)
        {
            throw new XunitException($"CI=true, so {what} must run, but it cannot: {problem}");
        }

        throw new Xunit.SkipException(problem);
    }
}
