namespace DrainSafe.Bench.OperatorScale;

/// <summary>Size of the operator-at-scale benchmark.</summary>
/// <param name="Nodes">Nodes, each with its NodeMaintenance.</param>
/// <param name="Pods">Pods, spread evenly over the nodes (one of each node's is a DaemonSet pod).</param>
/// <param name="Events">Nodes given a Reboot event at once.</param>
/// <param name="IdleWindow">How long the idle operator is watched (requests, CPU, memory).</param>
/// <param name="Quick">The short form.</param>
internal sealed record OperatorScaleOptions(int Nodes, int Pods, int Events, TimeSpan IdleWindow, bool Quick)
{
    /// <summary>Environment variables for the operator's process only (<c>--operator-env NAME=VALUE</c>), e.g. a GC setting to compare.</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static OperatorScaleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new OperatorScaleOptions(5_000, 50_000, 500, TimeSpan.FromSeconds(120), Quick: false);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                options = options with { Nodes = 500, Pods = 5_000, Events = 50, IdleWindow = TimeSpan.FromSeconds(30), Quick = true };
                continue;
            }

            if (args[i] == "--operator-env")
            {
                var setting = i + 1 < args.Count ? args[++i] : string.Empty;
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                if (equals < 1)
                {
                    throw new ArgumentException("--operator-env needs NAME=VALUE");
                }

                options = options with { OperatorEnvironment = new Dictionary<string, string>(options.OperatorEnvironment, StringComparer.Ordinal) { [setting[..equals]] = setting[(equals + 1)..] } };
                continue;
            }

            var value = i + 1 < args.Count && int.TryParse(args[i + 1], out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive integer");
            options = args[i] switch
            {
                "--nodes" => options with { Nodes = value },
                "--pods" => options with { Pods = value },
                "--events" => options with { Events = value },
                "--idle-seconds" => options with { IdleWindow = TimeSpan.FromSeconds(value) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
            i++;
        }

        if (options.Events > options.Nodes)
        {
            throw new ArgumentException($"--events {options.Events} is more than --nodes {options.Nodes}");
        }

        if (options.Pods < options.Nodes)
        {
            throw new ArgumentException($"--pods {options.Pods} is fewer than one per node ({options.Nodes})");
        }

        return options;
    }
}
