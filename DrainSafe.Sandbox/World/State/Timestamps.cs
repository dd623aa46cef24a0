using System.Globalization;

namespace DrainSafe.Sandbox.World.State;

/// <summary>Kubernetes timestamps (RFC 3339, seconds, UTC), as the API server stores them.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
