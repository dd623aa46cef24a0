namespace DrainSafe.Bench.Scale;

/// <summary>Size of the sandbox-scale and world-scale benchmarks (the sandbox itself, not DrainSafe).</summary>
/// <param name="Nodes">Nodes to create.</param>
/// <param name="Pods">Pods to create, spread evenly over the nodes.</param>
/// <param name="Concurrency">Requests in flight at once.</param>
internal sealed record ScaleOptions(int Nodes, int Pods, int Concurrency)
{
    public static ScaleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScaleOptions(5_000, 50_000, 32);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count && int.TryParse(args[i + 1], out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive integer");
            options = args[i] switch
            {
                "--nodes" => options with { Nodes = value },
                "--pods" => options with { Pods = value },
                "--concurrency" => options with { Concurrency = value },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
            i++;
        }

        return options;
    }
}
