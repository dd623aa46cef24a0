using System.Runtime.CompilerServices;

namespace DrainSafe.Operator.Tests.Generation;

/// <summary>Finds the repository checkout (the folder holding DrainSafe.sln) for the committed generated files.</summary>
internal static class RepositoryCheckout
{
    private static readonly Lazy<string> Root = new(() => Find());

    /// <summary>The absolute path of the repository root.</summary>
    public static string Path => Root.Value;

    // The artifacts path may lie outside the checkout, so the source file's own path is the last resort.
    private static string Find([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), System.IO.Path.GetDirectoryName(sourceFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "DrainSafe.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find the repository root (a folder with DrainSafe.sln) above the test assembly, the current directory or this source file.");
    }
}
