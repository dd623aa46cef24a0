using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>The x-kubernetes-list-type invariants: set items are unique, map items are unique by their keys.</summary>
internal static class ListTypeValidator
{
    public static void Validate(SchemaNode schema, JsonNode? value, FieldPath path, bool isResourceRoot, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    CheckSet(array, path, errors);
                }
                else if (schema.ListType == "map")
                {
                    CheckMap(schema, array, path, errors);
                }

                if (schema.Items is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Validate(items, array[i], path.Index(i), isResourceRoot: false, errors);
                    }
                }

                break;
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (isResourceRoot && ResourceMeta.IsMetaField(key))
                    {
                        continue;
                    }

                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Validate(property, child, path.Child(key), isResourceRoot: false, errors);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        Validate(additional, child, path.Key(key), isResourceRoot: false, errors);
                    }
                }

                break;
        }
    }

    private static void CheckSet(JsonArray array, FieldPath path, List<FieldError> errors)
    {
        for (var i = 1; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonValues.DeepEquals(array[i], array[j]))
                {
                    errors.Add(FieldErrors.Duplicate(path.Index(i), array[i]));
                    break;
                }
            }
        }
    }

    private static void CheckMap(SchemaNode schema, JsonArray array, FieldPath path, List<FieldError> errors)
    {
        var seen = new List<JsonObject>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
            {
                errors.Add(FieldErrors.Invalid(path.Index(i), array[i], "must be an object for an array of list-type map"));
                continue;
            }

            var keys = new JsonObject();
            foreach (var key in schema.ListMapKeys)
            {
                if (item.TryGetPropertyValue(key, out var keyValue))
                {
                    keys[key] = keyValue?.DeepClone();
                }
            }

            if (seen.Any(other => JsonValues.DeepEquals(other, keys)))
            {
                errors.Add(FieldErrors.Duplicate(path.Index(i), keys));
            }
            else
            {
                seen.Add(keys);
            }
        }
    }
}
