namespace DrainSafe.Sandbox.Api.Http;

/// <summary>The parts of a resource URL: <c>/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}/{subresource}</c>.</summary>
internal sealed record ResourcePath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>Parses the segments after the group version; null when the shape is not a resource URL.</summary>
    public static ResourcePath? Parse(string group, string version, ReadOnlySpan<string> rest)
    {
        string? @namespace = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            @namespace = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3 || rest[0].Length == 0)
        {
            return null;
        }

        return new ResourcePath(group, version, @namespace, rest[0], rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
    }
}
