using System.Globalization;
using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>Reads the few fields the world needs from an object's JSON without building a full model.</summary>
internal static class JsonFields
{
    public static JsonElement? Find(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Null ? null : element;
    }

    public static string? String(JsonElement element, params ReadOnlySpan<string> path) =>
        Find(element, path) is { ValueKind: JsonValueKind.String } found ? found.GetString() : null;

    public static long? Long(JsonElement element, params ReadOnlySpan<string> path) =>
        Find(element, path) is { ValueKind: JsonValueKind.Number } found && found.TryGetInt64(out var value) ? value : null;

    public static bool Bool(JsonElement element, params ReadOnlySpan<string> path) =>
        Find(element, path) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonElement> Array(JsonElement element, params ReadOnlySpan<string> path) =>
        Find(element, path) is { ValueKind: JsonValueKind.Array } found ? found.EnumerateArray().ToList() : [];

    public static IReadOnlyDictionary<string, string> StringMap(JsonElement element, params ReadOnlySpan<string> path)
    {
        if (Find(element, path) is not { ValueKind: JsonValueKind.Object } found)
        {
            return EmptyMap;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in found.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return map;
    }

    /// <summary>A Kubernetes quantity without suffix (such as allocatable pods), as string or number.</summary>
    public static int? Count(JsonElement element, params ReadOnlySpan<string> path) => Find(element, path) switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => value,
        { ValueKind: JsonValueKind.String } text when int.TryParse(text.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };

    public static DateTimeOffset? Time(JsonElement element, params ReadOnlySpan<string> path) =>
        String(element, path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    public static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}
