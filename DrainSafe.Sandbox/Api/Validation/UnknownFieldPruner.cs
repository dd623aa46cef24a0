using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// Structural pruning (apiextensions' pruning package): drops every field the schema does not declare, except
/// under x-kubernetes-preserve-unknown-fields and the apiVersion/kind/metadata of resource roots, and records the
/// dropped paths (what fieldValidation=Strict reports as unknown fields).
/// </summary>
internal sealed class UnknownFieldPruner
{
    private readonly List<string> _unknown = [];

    public static IReadOnlyList<string> Prune(JsonObject obj, SchemaNode root)
    {
        var pruner = new UnknownFieldPruner();
        pruner.Prune(obj, root, FieldPath.Root, isResourceRoot: true);
        return pruner._unknown;
    }

    private void Prune(JsonNode? value, SchemaNode? schema, FieldPath path, bool isResourceRoot)
    {
        if (schema is { PreserveUnknownFields: true })
        {
            SkipPrune(value, schema, path, isResourceRoot);
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (schema is not null && (isResourceRoot || schema.EmbeddedResource) && KeepsResourceMeta(key, child))
                    {
                        continue;
                    }

                    if (schema?.Properties.GetValueOrDefault(key) is { } property)
                    {
                        Prune(child, property, path.Child(key), property.EmbeddedResource);
                    }
                    else if (schema is { AdditionalProperties: not null } or { AdditionalPropertiesAllowAny: true })
                    {
                        Prune(child, schema.AdditionalProperties, path.Child(key), schema.AdditionalProperties?.EmbeddedResource ?? false);
                    }
                    else
                    {
                        // A root meta field of the wrong type is dropped without being reported as unknown.
                        if (!(path.IsRoot && ResourceMeta.IsMetaField(key)))
                        {
                            _unknown.Add(path.Child(key).Value);
                        }

                        obj.Remove(key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema?.Items, path.Index(i), schema?.Items?.EmbeddedResource ?? false);
                }

                break;
        }
    }

    /// <summary>Below x-kubernetes-preserve-unknown-fields only the declared properties are pruned further.</summary>
    private void SkipPrune(JsonNode? value, SchemaNode? schema, FieldPath path, bool isResourceRoot)
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
                    if ((isResourceRoot || schema.EmbeddedResource) && ResourceMeta.IsMetaField(key))
                    {
                        continue;
                    }

                    if (schema.Properties.GetValueOrDefault(key) is { } property)
                    {
                        Prune(child, property, path.Child(key), property.EmbeddedResource);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        Prune(child, additional, path.Child(key), additional.EmbeddedResource);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    SkipPrune(array[i], schema.Items, path.Index(i), schema.Items?.EmbeddedResource ?? false);
                }

                break;
        }
    }

    private static bool KeepsResourceMeta(string key, JsonNode? value) => key switch
    {
        "apiVersion" or "kind" => JsonValues.TryGetString(value, out _),
        "metadata" => value is JsonObject,
        _ => false,
    };
}
