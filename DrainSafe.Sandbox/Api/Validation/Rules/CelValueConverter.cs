using System.Text.Json;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// Turns JSON into the CLR values the Cel package evaluates (maps, lists, long, double, string, bool,
/// DateTimeOffset), typed by the schema the way Kubernetes' UnstructuredToVal types them.
/// </summary>
internal static class CelValueConverter
{
    public static object? ToCel(JsonNode? node, SchemaNode? schema, bool isResourceRoot)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                return ObjectToCel(obj, schema, isResourceRoot);
            case JsonArray array:
                return array.Select(item => ToCel(item, schema?.Items, schema?.Items?.EmbeddedResource ?? false)).ToList();
            case JsonValue value:
                return ScalarToCel(value, schema);
            default:
                return null;
        }
    }

    private static Dictionary<string, object?> ObjectToCel(JsonObject obj, SchemaNode? schema, bool isResourceRoot)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (isResourceRoot && ResourceMeta.IsMetaField(key))
            {
                // Rules at a resource root see apiVersion, kind and only metadata.name/generateName.
                result[key] = key == "metadata" ? MetadataToCel(value) : ToCel(value, null, false);
                continue;
            }

            var child = schema?.Properties.GetValueOrDefault(key) ?? schema?.AdditionalProperties;
            result[key] = ToCel(value, child, child?.EmbeddedResource ?? false);
        }

        return result;
    }

    private static Dictionary<string, object?> MetadataToCel(JsonNode? metadata)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (metadata is JsonObject obj)
        {
            foreach (var key in new[] { "name", "generateName" })
            {
                if (JsonValues.TryGetString(obj[key], out var text))
                {
                    result[key] = text;
                }
            }
        }

        return result;
    }

    private static object? ScalarToCel(JsonValue value, SchemaNode? schema)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (schema?.Format == "date-time" && StringFormats.TryParseDateTime(text, out var timestamp))
                {
                    return timestamp;
                }

                return text;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (schema?.Type != "number" && JsonValues.TryGetInt64(value, out var whole))
                {
                    return whole;
                }

                return JsonValues.ToDouble(value);
            default:
                return null;
        }
    }
}
