using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>The string formats the API server checks (kube-openapi's strfmt); unknown formats pass.</summary>
internal static partial class StringFormats
{
    /// <summary>False only when <paramref name="format"/> is known and <paramref name="text"/> does not match it.</summary>
    public static bool IsValid(string format, string text) => format switch
    {
        "date-time" or "datetime" => TryParseDateTime(text, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uuid" => UuidPattern().IsMatch(text),
        "byte" => IsBase64(text),
        "ipv4" => IPAddress.TryParse(text, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        _ => true,
    };

    /// <summary>RFC 3339 date-time (also without seconds or zone, as strfmt accepts); a missing zone means UTC.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return DateTimePattern().IsMatch(text)
               && DateTimeOffset.TryParse(text.Replace('t', 'T').Replace('z', 'Z'), CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();
}
