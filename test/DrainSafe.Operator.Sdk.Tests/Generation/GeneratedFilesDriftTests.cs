using System.Text;
using DrainSafe.Operator.Sdk.Generation;

namespace DrainSafe.Operator.Sdk.Tests.Generation;

/// <summary>The committed CRD and RBAC files must be exactly what the code generates today.</summary>
public sealed class GeneratedFilesDriftTests
{
    private const string Regenerate = "Regenerate with `" + ManifestYaml.Command + "` from the repository root and commit the result.";

    // Folders that hold only generated files: anything else in them is stale.
    private static readonly string[] GeneratedOnlyFolders = ["config/crd", "config/rbac", "charts/drainsafe/crds", "charts/drainsafe/files/rbac"];

    [Fact]
    public void Committed_config_and_chart_files_are_byte_identical_to_freshly_generated_ones()
    {
        using var output = new TempDirectory();
        Assert.Equal(0, OperatorEntryPoint.Run("generate", "--out", output.Path));

        var generated = RelativeFiles(output.Path);
        var problems = new List<string>();
        foreach (var file in generated)
        {
            var committedPath = Path.Combine(RepositoryRoot.Path, file);
            if (!File.Exists(committedPath))
            {
                problems.Add($"{file} is missing from the repository");
                continue;
            }

            var expected = File.ReadAllBytes(Path.Combine(output.Path, file));
            var committed = File.ReadAllBytes(committedPath);
            if (!expected.AsSpan().SequenceEqual(committed))
            {
                problems.Add($"{file} differs from the code ({FirstDifference(expected, committed)})");
            }
        }

        foreach (var folder in GeneratedOnlyFolders)
        {
            var committedFolder = Path.Combine(RepositoryRoot.Path, folder);
            var stale = Directory.Exists(committedFolder)
                ? RelativeFiles(RepositoryRoot.Path, folder).Except(generated, StringComparer.Ordinal)
                : [];
            problems.AddRange(stale.Select(file => $"{file} is no longer generated (delete it)"));
        }

        Assert.True(problems.Count == 0, $"Generated files drifted from the code in {RepositoryRoot.Path}:\n  {string.Join("\n  ", problems)}\n{Regenerate}");
    }

    private static List<string> RelativeFiles(string root, string? under = null) => Directory
        .GetFiles(under is null ? root : Path.Combine(root, under), "*", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static string FirstDifference(byte[] expected, byte[] committed)
    {
        var expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
        var committedLines = Encoding.UTF8.GetString(committed).Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, committedLines.Length); i++)
        {
            var want = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var have = i < committedLines.Length ? committedLines[i] : "<end of file>";
            if (want != have)
            {
                return $"line {i + 1}: generated '{want.Trim()}', committed '{have.Trim()}'";
            }
        }

        return "same text, different bytes: line endings or encoding";
    }
}
