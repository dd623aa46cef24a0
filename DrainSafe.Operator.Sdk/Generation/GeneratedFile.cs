namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>One generated file: where it goes (relative to the output root, with '/') and what it holds.</summary>
/// <param name="RelativePath">The path below the output root, with '/' separators.</param>
/// <param name="Content">The file's text, with '\n' line ends.</param>
public sealed record GeneratedFile(string RelativePath, string Content);
