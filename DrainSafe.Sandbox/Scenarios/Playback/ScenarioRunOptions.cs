namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>How to play a scenario.</summary>
public sealed record ScenarioRunOptions
{
    /// <summary>Factor on the timeline's times (at, notice, duration): 0.5 plays it twice as fast. 1 is as written.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Nodes per pool instead of the scenario's; null keeps the scenario's.</summary>
    public int? NodesPerPool { get; init; }

    /// <summary>Adds a load Deployment of this many pods per node (no PDB); null adds none.</summary>
    public int? PodsPerNode { get; init; }

    /// <summary>
    /// True when DrainSafe's operator and agents run against the cluster. Without them, the expectations about
    /// approvals and drained nodes are reported as not evaluated instead of failing.
    /// </summary>
    public bool DrainSafeRunning { get; init; }

    /// <summary>How long the workloads may take to be Running before the timeline starts.</summary>
    public TimeSpan WorkloadReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the cluster may take to settle (nodes Ready, workloads back) after the last event left.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the player looks at the cluster and the IMDS.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Checks the values; the message names the setting.</summary>
    public void Validate()
    {
        if (TimeScale is <= 0 or > 100 || double.IsNaN(TimeScale))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeScale), TimeScale, "ScenarioRunOptions.TimeScale must be above 0 and at most 100.");
        }

        if (NodesPerPool is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(NodesPerPool), NodesPerPool, "ScenarioRunOptions.NodesPerPool must be 1..10000.");
        }

        if (PodsPerNode is < 0 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(PodsPerNode), PodsPerNode, "ScenarioRunOptions.PodsPerNode must be 0..1000.");
        }

        if (SampleInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleInterval), SampleInterval, "ScenarioRunOptions.SampleInterval must be positive.");
        }
    }
}
