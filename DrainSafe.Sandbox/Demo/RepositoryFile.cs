namespace DrainSafe.Sandbox.Demo;

/// <summary>Finds a file of the repository (the CRD, the admission policy) from wherever the sandbox runs.</summary>
public static class RepositoryFile
{
    /// <summary>
    /// The file at <paramref name="relativePath"/> from the repository root, searched upwards from the working directory
    /// and from the program's directory; null if absent.
    /// </summary>
    public static string? Locate(string relativePath)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
