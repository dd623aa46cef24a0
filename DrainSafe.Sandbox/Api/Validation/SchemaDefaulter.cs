using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// Structural defaulting: nulls in non-nullable fields without a default are dropped, then missing (or
/// non-nullable null) fields get their schema default, recursively, including inside defaults just applied.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonObject obj, SchemaNode root)
    {
        PruneNonNullableNulls(obj, root, isResourceRoot: true);
        Default(obj, root, isResourceRoot: true);
    }

    /// <summary>Applies the defaults below <paramref name="schema"/> to a value (used to check a default itself).</summary>
    public static void ApplyTo(JsonNode? value, SchemaNode schema) => Default(value, schema, isResourceRoot: false);

    private static void PruneNonNullableNulls(JsonNode? value, SchemaNode? schema, bool isResourceRoot)
    {
        if (schema is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (isResourceRoot && ResourceMeta.IsMetaField(key))
                    {
                        continue;
                    }

                    if (schema.Properties.GetValueOrDefault(key) is { } property)
                    {
                        if (child is null && property.Default is null && !property.Nullable)
                        {
                            obj.Remove(key);
                        }
                        else
                        {
                            PruneNonNullableNulls(child, property, isResourceRoot: false);
                        }
                    }
                    else
                    {
                        PruneNonNullableNulls(child, schema.AdditionalProperties, isResourceRoot: false);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    PruneNonNullableNulls(item, schema.Items, isResourceRoot: false);
                }

                break;
        }
    }

    private static void Default(JsonNode? value, SchemaNode? schema, bool isResourceRoot)
    {
        if (schema is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, property) in schema.PropertyList)
                {
                    if (property.Default is null || (isResourceRoot && ResourceMeta.IsMetaField(key)))
                    {
                        continue;
                    }

                    if (!obj.TryGetPropertyValue(key, out var current) || IsNonNullableNull(current, property))
                    {
                        obj[key] = property.Default.DeepClone();
                    }
                }

                foreach (var (key, child) in obj.ToList())
                {
                    if (isResourceRoot && ResourceMeta.IsMetaField(key))
                    {
                        continue;
                    }

                    if (schema.Properties.GetValueOrDefault(key) is { } property)
                    {
                        Default(child, property, isResourceRoot: false);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        if (IsNonNullableNull(child, additional) && additional.Default is not null)
                        {
                            obj[key] = additional.Default.DeepClone();
                        }

                        Default(obj[key], additional, isResourceRoot: false);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsNonNullableNull(array[i], items) && items.Default is not null)
                    {
                        array[i] = items.Default.DeepClone();
                    }

                    Default(array[i], items, isResourceRoot: false);
                }

                break;
        }
    }

    private static bool IsNonNullableNull(JsonNode? value, SchemaNode schema) => value is null && !schema.Nullable;
}
