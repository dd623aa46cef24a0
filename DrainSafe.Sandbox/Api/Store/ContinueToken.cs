using System.Text;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>
/// The list continue token: the first page's resourceVersion and the last key served. A resourceVersion of -1 (the way
/// on that an expired token's answer offers) goes on at the newest version.
/// </summary>
internal sealed record ContinueToken(long ResourceVersion, string StartAfter)
{
    /// <summary>The resourceVersion of a token that goes on at the newest version, not at its first page's.</summary>
    public const long Newest = -1;

    /// <summary>Whether the token goes on at the newest version.</summary>
    public bool IsInconsistent => ResourceVersion == Newest;

    public string Encode() =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["rv"] = ResourceVersion, ["start"] = StartAfter }))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ContinueToken? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            return new ContinueToken(document.RootElement.GetProperty("rv").GetInt64(), document.RootElement.GetProperty("start").GetString()!);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {ex.Message}");
        }
    }
}
