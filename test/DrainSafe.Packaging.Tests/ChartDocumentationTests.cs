using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrainSafe.Packaging.Tests.Manifests;

namespace DrainSafe.Packaging.Tests;

/// <summary>The chart's README documents every value, and nothing a user reads points at the team's notes.</summary>
public sealed partial class ChartDocumentationTests
{
    [Fact]
    public void Chart_README_values_table_lists_every_leaf_of_values_yaml_and_nothing_else()
    {
        var leaves = Leaves(ChartValues.Load()).ToList();
        var documented = TableKeys(File.ReadAllText(RepositoryRoot.Combine("charts", "drainsafe", "README.md")));

        Assert.Empty(leaves.Except(documented, StringComparer.Ordinal));
        Assert.Empty(documented.Except(leaves, StringComparer.Ordinal));
    }

    [Fact]
    public void Product_files_never_refer_to_the_team_notes()
    {
        var roots = new[] { "charts", "config", "docs", "scripts" }.Select(d => RepositoryRoot.Combine(d)).Where(Directory.Exists);
        var offenders = roots
            .SelectMany(root => Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            .Where(file => TeamNotes().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file))
            .ToList();

        Assert.Empty(offenders);
    }

    // A leaf is a scalar, a list or an empty map: what a user sets as one value.
    private static IEnumerable<string> Leaves(JsonObject values, string prefix = "")
    {
        foreach (var (key, value) in values)
        {
            var path = prefix + key;
            if (value is JsonObject map && map.Count > 0)
            {
                foreach (var leaf in Leaves(map, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static List<string> TableKeys(string readme) =>
        [.. TableRow().Matches(readme).Select(m => m.Groups["key"].Value)];

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z0-9_.\-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"/work/shared|design\.md|conventions\.md", RegexOptions.IgnoreCase)]
    private static partial Regex TeamNotes();
}
