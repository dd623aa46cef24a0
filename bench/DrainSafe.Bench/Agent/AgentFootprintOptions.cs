namespace DrainSafe.Bench.Agent;

/// <summary>Length of the agent footprint benchmark, and where the NativeAOT binary is.</summary>
/// <param name="Starts">Process starts of each build, for the start-up time.</param>
/// <param name="Warmup">Both agents run this long before the window.</param>
/// <param name="Window">The steady window over which CPU and RSS are measured.</param>
/// <param name="AotPath">The published NativeAOT agent (--aot); null: DRAINSAFE_AOT_AGENT, else publish it.</param>
/// <param name="Quick">A short run (its own results section).</param>
/// <param name="AotEnvironment">Environment variables for the NativeAOT process only (--aot-env NAME=VALUE, repeatable), e.g. GC settings.</param>
internal sealed record AgentFootprintOptions(int Starts, TimeSpan Warmup, TimeSpan Window, string? AotPath, bool Quick, IReadOnlyDictionary<string, string> AotEnvironment)
{
    public static AgentFootprintOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AgentFootprintOptions(7, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), null, false, new SortedDictionary<string, string>(StringComparer.Ordinal));
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                options = options with { Starts = 3, Warmup = TimeSpan.FromSeconds(10), Window = TimeSpan.FromSeconds(30), Quick = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--aot" => options with { AotPath = Path.GetFullPath(value) },
                "--aot-env" => options with { AotEnvironment = WithVariable(options.AotEnvironment, value) },
                "--window" => options with { Window = TimeSpan.FromSeconds(int.TryParse(value, out var s) && s > 0 ? s : throw new ArgumentException("--window needs a positive number of seconds")) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
            i++;
        }

        return options;
    }

    private static SortedDictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> environment, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--aot-env needs NAME=VALUE, not '{assignment}'");
        }

        return new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal)
        {
            [assignment[..equals]] = assignment[(equals + 1)..],
        };
    }
}
