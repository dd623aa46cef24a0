using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>JSON value questions the validator asks, answered the way the API server's decoder sees numbers.</summary>
internal static class JsonValues
{
    /// <summary>The OpenAPI type name of a value: object, array, string, integer, number, boolean or null.</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => TryGetInt64(value, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>A number the decoder would read as int64 (no fraction, no exponent, in range).</summary>
    public static bool TryGetInt64(JsonValue value, out long result)
    {
        result = 0;
        return value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>The numeric value as a double, for range checks.</summary>
    public static double ToDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A float that holds a whole number passes for an integer (kube-openapi's isFloatInt).</summary>
    public static bool IsWholeNumber(JsonValue value)
    {
        var number = ToDouble(value);
        return !double.IsInfinity(number) && Math.Floor(number) == number;
    }

    public static bool TryGetString(JsonNode? node, out string text)
    {
        text = string.Empty;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            text = value.GetValue<string>();
            return true;
        }

        return false;
    }

    public static string? StringOrNull(JsonNode? node) => TryGetString(node, out var text) ? text : null;

    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>Semantic equality: numbers by value, objects regardless of key order, arrays in order.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a)
                {
                    if (!b.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!DeepEquals(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue a, JsonValue b):
                var kind = a.GetValueKind();
                if (kind != b.GetValueKind())
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
                    JsonValueKind.Number => ToDouble(a) == ToDouble(b),
                    _ => true,
                };
            default:
                return false;
        }
    }
}
