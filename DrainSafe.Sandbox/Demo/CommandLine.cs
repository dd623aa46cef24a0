using System.Globalization;
using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.Demo;

/// <summary>Parses the sandbox main job's options; a mistake yields a message naming the option and the fix.</summary>
public static class CommandLine
{
    /// <summary>The usage text of <c>--help</c>.</summary>
    public static string Usage => $"""
        Usage: dotnet run --project DrainSafe.Sandbox -- [options]

        Starts a simulated AKS cluster (Kubernetes API server on 127.0.0.1, scheduler, kubelets, controllers, and
        Azure's Scheduled Events per VM), plays a maintenance scenario against it and shows what happens to every
        node, then a summary and the scenario's expectations. Exit code 0 when every expectation that can be
        evaluated held, 1 when one failed, 2 for bad options.

        Options:
          --scenario NAME|FILE   Scenario to play: a built-in name or a scenario YAML file
                                 (default: {ScenarioLoader.DefaultScenario}; see --list-scenarios).
          --nodes N              Nodes per node pool instead of the scenario's (1-10000).
          --pods-per-node N      Also run a load Deployment of N pods per node (0-1000); node capacity grows to fit.
          --speed FACTOR         Play the scenario's timeline FACTOR times faster (0.1-100, default 1).
          --grace-scale FACTOR   Terminating pods take FACTOR of their grace period (0-1, default {DemoOptions.DefaultGraceScale}: a 30 s
                                 grace period takes 300 ms; 1 is real time).
          --without-drainsafe    Play the scenario without DrainSafe's operator and agents (the baseline to compare with).
          --compare              Play the scenario without DrainSafe first, then with it, and show the figures side by side.
          --keep-running         Keep the API server up after the scenario until Ctrl+C (then: kubectl get nm, nodes, pods).
          --kubeconfig PATH      Where to write the kubeconfig (default: {DemoOptions.DefaultKubeconfig}).
          --list-scenarios       Print the built-in scenario names, one per line, and exit.
          -h, --help             Print this help and exit.
        """;

    /// <summary>Parses <paramref name="args"/>; on error, the options are null and the message says what to fix.</summary>
    public static (DemoOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value(string what)
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"option '{name}' needs a value: {what}.");
                }

                return args[++i];
            }

            try
            {
                options = name switch
                {
                    "--scenario" => options with { Scenario = NonEmpty(name, Value("a built-in scenario name or a scenario file, e.g. --scenario cancellation")) },
                    "--nodes" => options with { Nodes = Number(name, Value("the number of nodes per pool, e.g. --nodes 5"), 1, 10_000) },
                    "--pods-per-node" => options with { PodsPerNode = Number(name, Value("the number of load pods per node, e.g. --pods-per-node 20"), 0, 1_000) },
                    "--speed" => options with { Speed = Factor(name, Value("how many times faster to play the timeline, e.g. --speed 4")) },
                    "--grace-scale" => options with { GraceScale = Fraction(name, Value("the share of a grace period a terminating pod takes, e.g. --grace-scale 0.1")) },
                    "--kubeconfig" => options with { Kubeconfig = NonEmpty(name, Value("the path of the kubeconfig file to write")) },
                    "--keep-running" => Flag(options with { KeepRunning = true }, name, inlineValue),
                    "--without-drainsafe" => Flag(options with { WithoutDrainSafe = true }, name, inlineValue),
                    "--compare" => Flag(options with { Compare = true }, name, inlineValue),
                    "--list-scenarios" => Flag(options with { ListScenarios = true }, name, inlineValue),
                    "--help" or "-h" => Flag(options with { Help = true }, name, inlineValue),
                    _ when name.StartsWith('-') => throw new FormatException($"unknown option '{name}'. Run with --help to see the options."),
                    _ => throw new FormatException($"unexpected argument '{name}': options start with '--' (did you mean --scenario {name}?)."),
                };
            }
            catch (FormatException ex)
            {
                return (null, ex.Message);
            }
        }

        return (options, null);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static DemoOptions Flag(DemoOptions options, string name, string? inlineValue) =>
        inlineValue is null ? options : throw new FormatException($"option '{name}' takes no value (got '{inlineValue}').");

    private static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"option '{name}' needs a non-empty value.") : value;

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"option '{name}': '{value}' is not a whole number from {min} to {max}.");

    private static double Factor(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) && factor is >= 0.1 and <= 100
            ? factor
            : throw new FormatException($"option '{name}': '{value}' is not a number from 0.1 to 100.");

    private static double Fraction(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction is >= 0 and <= 1
            ? fraction
            : throw new FormatException($"option '{name}': '{value}' is not a number from 0 to 1.");
}
