using System.Text.RegularExpressions;

namespace DrainSafe.Entities.Validation;

/// <summary>Kubernetes naming rules the validators share.</summary>
internal static partial class KubernetesNames
{
    /// <summary>True for a DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253 characters (node and most object names).</summary>
    public static bool IsDnsSubdomain(string? name) => name is { Length: > 0 and <= 253 } && DnsSubdomain().IsMatch(name);

    /// <summary>True for a DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters (namespace names).</summary>
    public static bool IsDnsLabel(string? name) => name is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(name);

    /// <summary>True for <c>namespace/name</c> with a DNS-1123 label namespace and a DNS-1123 subdomain name.</summary>
    public static bool IsNamespacedName(string? value)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && IsDnsLabel(value![..slash]) && IsDnsSubdomain(value[(slash + 1)..]);
    }

    /// <summary>True for a GUID in its usual 8-4-4-4-12 form, in any letter case.</summary>
    public static bool IsGuid(string? value) => Guid.TryParseExact(value, "D", out _);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
