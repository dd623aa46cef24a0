using System.Globalization;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>Small accessors for the metadata of a JSON object.</summary>
internal static class ObjectMetadata
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonObject obj, string field) =>
        (obj["metadata"] as JsonObject)?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? GetLong(JsonObject obj, string field) =>
        (obj["metadata"] as JsonObject)?[field] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static List<string> Finalizers(JsonObject obj) =>
        ((obj["metadata"] as JsonObject)?["finalizers"] as JsonArray)?.Select(n => (string?)n).OfType<string>().ToList() ?? [];

    /// <summary>True when everything but metadata (and status, when <paramref name="ignoreStatus"/>) is equal.</summary>
    public static bool SameContent(JsonObject a, JsonObject b, bool ignoreStatus)
    {
        foreach (var (key, value) in a)
        {
            if (Skip(key, ignoreStatus))
            {
                continue;
            }

            if (!b.TryGetPropertyValue(key, out var other) || !JsonNode.DeepEquals(value, other))
            {
                return false;
            }
        }

        foreach (var (key, _) in b)
        {
            if (!Skip(key, ignoreStatus) && !a.ContainsKey(key))
            {
                return false;
            }
        }

        return true;
    }

    public static string Format(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static bool Skip(string key, bool ignoreStatus) =>
        key is "metadata" or "kind" or "apiVersion" || (ignoreStatus && key == "status");
}
