namespace DrainSafe.Bench.OperatorScale;

/// <summary>Size of the operator-at-scale benchmark.</summary>
/// <param name="Nodes">Nodes, each with its NodeMaintenance.</param>
/// <param name="Pods">Pods, spread evenly over the nodes (one of each node's is a DaemonSet pod).</param>
/// <param name="Events">Nodes given a Reboot event at once.</param>
/// <param name="IdleWindow">How long the idle operator is watched (requests, CPU, memory).</param>
/// <param name="Quick">The short form.</param>
internal sealed record OperatorScaleOptions(int Nodes, int Pods, int Events, TimeSpan IdleWindow, bool Quick)
{
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
