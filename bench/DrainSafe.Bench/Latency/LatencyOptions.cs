namespace DrainSafe.Bench.Latency;

/// <summary>Size of the latency benchmark.</summary>
/// <param name="Events">IMDS events to time (at least; whole rounds of <see cref="BatchSize"/>).</param>
/// <param name="Nodes">Nodes, each with its own agent; half of them get an event per round.</param>
internal sealed record LatencyOptions(int Events, int Nodes)
{
    public int BatchSize => Math.Max(1, Nodes / 2);

    public int Rounds => (Events + BatchSize - 1) / BatchSize;

    public static LatencyOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LatencyOptions(50, 10);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                options = options with { Events = 20 };
                continue;
            }

            var value = i + 1 < args.Count && int.TryParse(args[i + 1], out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive integer");
            options = args[i] switch
            {
                "--events" => options with { Events = value },
                "--nodes" => options with { Nodes = value < 2 ? throw new ArgumentException("--nodes needs at least 2") : value },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
            i++;
        }

        return options;
    }
}
