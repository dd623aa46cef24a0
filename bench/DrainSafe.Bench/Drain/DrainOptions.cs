namespace DrainSafe.Bench.Drain;

/// <summary>How many drainsafe/kubectl pairs the drain benchmark runs per variant.</summary>
/// <param name="Rounds">Pairs per variant (each pair: one drain by DrainSafe, one by kubectl, each on a fresh world).</param>
/// <param name="Quick">The short form (2 rounds: under two minutes, kubectl's drains take most of it).</param>
internal sealed record DrainOptions(int Rounds, bool Quick)
{
    public static DrainOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DrainOptions(5, Quick: false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Rounds = 2, Quick = true },
                "--rounds" when i + 1 < args.Count && int.TryParse(args[i + 1], out var rounds) && rounds > 0 => options with { Rounds = rounds },
                "--rounds" => throw new ArgumentException("--rounds needs a positive integer"),
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
            if (args[i] == "--rounds")
            {
                i++;
            }
        }

        return options;
    }
}
