using System.Text;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// The <c>generate</c> command: writes the files of a <see cref="ManifestPlan"/> below an output root.
/// Exit codes: 0 written (or help shown), 1 a file could not be written, 2 bad arguments.
/// </summary>
public static class GenerateCommand
{
    /// <summary>Exit code: done.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the files could not be written.</summary>
    public const int WriteFailed = 1;

    /// <summary>Exit code: the arguments were not understood.</summary>
    public const int UsageError = 2;

    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The help text.</summary>
    /// <param name="plan">The plan, for the marker file named in the text.</param>
    public static string Usage(ManifestPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"""
            Usage: {ManifestYaml.Command} [--out <dir>]

            Writes the CRDs, RBAC and kustomize base (config/) and the Helm chart's CRDs
            ({plan.ChartCrdDirectory}) generated from the entity and RBAC attributes in the code.

            Options:
              --out <dir>   The repository root to write below. Default: the nearest directory
                            at or above the current one that holds {plan.RepositoryMarker}.
              -h, --help    Show this text.

            """;
    }

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>generate</c>.</param>
    /// <param name="plan">What to generate.</param>
    /// <param name="output">Where progress and help go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, ManifestPlan plan, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        string? outDirectory = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    await output.WriteAsync(Usage(plan).AsMemory(), cancellationToken).ConfigureAwait(false);
                    return Success;
                case "--out" when i + 1 < args.Count && !args[i + 1].StartsWith('-'):
                    outDirectory = args[++i];
                    break;
                case "--out":
                    return await UsageErrorAsync(error, plan, "--out needs a directory: --out <dir>.", cancellationToken).ConfigureAwait(false);
                case var option when option.StartsWith("--out=", StringComparison.Ordinal) && option.Length > "--out=".Length:
                    outDirectory = option["--out=".Length..];
                    break;
                default:
                    return await UsageErrorAsync(error, plan, $"unknown argument '{args[i]}'.", cancellationToken).ConfigureAwait(false);
            }
        }

        outDirectory ??= FindRepositoryRoot(Directory.GetCurrentDirectory(), plan.RepositoryMarker);
        if (outDirectory is null)
        {
            return await UsageErrorAsync(
                error,
                plan,
                $"no {plan.RepositoryMarker} at or above {Directory.GetCurrentDirectory()}: run inside the repository or pass --out <dir>.",
                cancellationToken).ConfigureAwait(false);
        }

        var files = ManifestGenerator.Render(plan);
        try
        {
            foreach (var file in files)
            {
                var path = Path.Combine(outDirectory, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, file.Content, Utf8WithoutBom, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"wrote {file.RelativePath}".AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"generate: cannot write below {Path.GetFullPath(outDirectory)}: {exception.Message}".AsMemory(), cancellationToken).ConfigureAwait(false);
            return WriteFailed;
        }

        return Success;
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <paramref name="marker"/>, or null.</summary>
    /// <param name="start">The directory to start from.</param>
    /// <param name="marker">The file name to look for.</param>
    public static string? FindRepositoryRoot(string start, string marker)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static async Task<int> UsageErrorAsync(TextWriter error, ManifestPlan plan, string message, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"generate: {message}".AsMemory(), cancellationToken).ConfigureAwait(false);
        await error.WriteAsync(Usage(plan).AsMemory(), cancellationToken).ConfigureAwait(false);
        return UsageError;
    }
}
