using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.Demo;

/// <summary>The sandbox main job's command line, parsed.</summary>
public sealed record DemoOptions
{
    /// <summary>A built-in scenario's name or a scenario file.</summary>
    public string Scenario { get; init; } = ScenarioLoader.DefaultScenario;

    /// <summary>Nodes per pool instead of the scenario's.</summary>
    public int? Nodes { get; init; }

    /// <summary>Pods of load per node.</summary>
    public int? PodsPerNode { get; init; }

    /// <summary>Keep the API server up after the scenario until Ctrl+C.</summary>
    public bool KeepRunning { get; init; }

    /// <summary>Where to write the kubeconfig; null for the default path.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Play the timeline this many times faster.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The share of its grace period a terminating pod takes (<see cref="World.WorldOptions.GracePeriodScale"/>).</summary>
    public double GraceScale { get; init; } = DefaultGraceScale;

    /// <summary>Print the built-in scenarios and exit.</summary>
    public bool ListScenarios { get; init; }

    /// <summary>Plays the scenario without DrainSafe's operator and agents: the baseline to compare with.</summary>
    public bool WithoutDrainSafe { get; init; }

    /// <summary>Plays the scenario without DrainSafe first, then with it, and prints the figures side by side.</summary>
    public bool Compare { get; init; }

    /// <summary>Print the usage and exit.</summary>
    public bool Help { get; init; }

    /// <summary>The default of <see cref="GraceScale"/>: a 30 s grace period takes 300 ms.</summary>
    public const double DefaultGraceScale = 0.01;

    /// <summary>The default kubeconfig path: the same for every run, so a second shell can keep using it.</summary>
    public static string DefaultKubeconfig => Path.Combine(Path.GetTempPath(), "drainsafe-sandbox", "kubeconfig");
}
