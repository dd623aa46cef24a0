using System.Text.RegularExpressions;

namespace DrainSafe.Sandbox.Api.Discovery;

/// <summary>Kubernetes version ordering: v2 &gt; v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1 &gt; other names.</summary>
internal static partial class VersionPriority
{
    /// <summary>Sorts versions, preferred first.</summary>
    public static List<string> Sort(IEnumerable<string> versions) => versions.OrderBy(Rank).ThenBy(v => v, StringComparer.Ordinal).ToList();

    private static (int Stability, int Major, int Minor) Rank(string version)
    {
        var match = Pattern().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stability = match.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stability, -major, -minor);
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex Pattern();
}
