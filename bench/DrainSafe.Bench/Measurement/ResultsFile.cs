using System.Globalization;
using System.Text;

namespace DrainSafe.Bench.Measurement;

/// <summary>
/// <c>bench/RESULTS.md</c>: each benchmark owns the text between <c>&lt;!-- NAME:begin --&gt;</c> and
/// <c>&lt;!-- NAME:end --&gt;</c> and replaces only that, so benchmarks never overwrite each other.
/// </summary>
internal static class ResultsFile
{
    public const string RelativePath = "bench/RESULTS.md";

    /// <summary>Replaces (or appends) the section of <paramref name="benchmark"/>; returns the file written.</summary>
    public static string WriteSection(string benchmark, string command, string body)
    {
        var path = Locate();
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n\nEach section is written by its benchmark (`dotnet run -c Release --project bench/DrainSafe.Bench -- NAME`).\n";
        var begin = $"<!-- {benchmark}:begin -->";
        var end = $"<!-- {benchmark}:end -->";
        var section = new StringBuilder()
            .Append(begin).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"## {benchmark}\n\n")
            .Append(CultureInfo.InvariantCulture, $"- command: `{command}`\n")
            .Append(CultureInfo.InvariantCulture, $"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC\n")
            .Append(CultureInfo.InvariantCulture, $"- machine: {Machine()}\n\n")
            .Append(body.TrimEnd()).Append('\n')
            .Append(end)
            .ToString();
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? string.Concat(existing.AsSpan(0, from), section, existing.AsSpan(to + end.Length))
            : existing.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, updated);
        return path;
    }

    /// <summary>The command line as the user typed it, rebuilt from the benchmark's arguments.</summary>
    public static string Command(string benchmark, IEnumerable<string> args) =>
        string.Join(' ', new[] { "dotnet run -c Release --project bench/DrainSafe.Bench --", benchmark }.Concat(args));

    private static string Machine()
    {
        var memory = "unknown memory";
        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                memory = string.Create(CultureInfo.InvariantCulture, $"{kib / 1048576.0:F1} GiB memory");
            }
        }

        return $"nproc {Environment.ProcessorCount}, {memory}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    // The repository root is the first directory upwards (from the working directory, then the program) holding bench/.
    private static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DrainSafe.sln")))
                {
                    return Path.Combine(directory.FullName, RelativePath);
                }
            }
        }

        throw new InvalidOperationException($"{RelativePath} not found: run from the repository.");
    }
}
