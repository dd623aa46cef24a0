using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.World;

/// <summary>How the simulated control plane and kubelets behave: the clock and how real time is made short.</summary>
public sealed record WorldOptions
{
    /// <summary>The clock of every simulated delay.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a bound pod takes to become Running and Ready.</summary>
    public TimeSpan PodStartDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Factor applied to termination grace periods: 0.01 makes a 30 s grace period take 300 ms. 1 is real time.
    /// </summary>
    public double GracePeriodScale { get; init; } = 0.01;

    /// <summary>How long an entry of a PDB's disruptedPods waits for its pod to be deleted (Kubernetes: 2 minutes).</summary>
    public TimeSpan DisruptedPodTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the disruption controller takes to observe a new or changed PDB spec (zero: at once). Meanwhile the
    /// PDB's status.observedGeneration lags metadata.generation and evictions under it answer 429 "still being processed".
    /// </summary>
    public TimeSpan DisruptionControllerDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How long the world waits before retrying a write that hit a conflict.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Where the world logs; null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks the values; the message names the setting and the accepted range.</summary>
    public void Validate()
    {
        if (PodStartDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PodStartDelay), PodStartDelay, "WorldOptions.PodStartDelay must be zero or positive.");
        }

        if (GracePeriodScale is < 0 or > 1 || double.IsNaN(GracePeriodScale))
        {
            throw new ArgumentOutOfRangeException(nameof(GracePeriodScale), GracePeriodScale, "WorldOptions.GracePeriodScale must be between 0 and 1 (0.01 makes 30 s take 300 ms).");
        }

        if (DisruptionControllerDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DisruptionControllerDelay), DisruptionControllerDelay, "WorldOptions.DisruptionControllerDelay must be zero or positive.");
        }

        if (DisruptedPodTimeout <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DisruptedPodTimeout), "WorldOptions.DisruptedPodTimeout and RetryDelay must be positive.");
        }
    }

    /// <summary>The simulated time a pod with this grace period takes to terminate.</summary>
    public TimeSpan ScaledGrace(long gracePeriodSeconds) => TimeSpan.FromSeconds(Math.Max(0, gracePeriodSeconds) * GracePeriodScale);
}
