using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// apiextensions' ValidateStructural: the invariants that make a schema structural (a type on every property
/// and items, items on every array, restricted metadata, no types inside allOf/anyOf/oneOf/not), sorted by text.
/// </summary>
internal static class StructuralSchemaRules
{
    private static readonly string[] ForbiddenInJunctors =
    [
        "type", "additionalProperties", "default", "title", "description", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
        "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
    ];

    private enum Level
    {
        Root,
        Item,
        Field,
    }

    public static List<FieldError> Validate(SchemaNode root, FieldPath path)
    {
        var errors = new List<FieldError>();
        Invariants(root, Level.Root, path, errors);
        errors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return errors;
    }

    private static void Invariants(SchemaNode node, Level level, FieldPath path, List<FieldError> errors)
    {
        if (node.Type == "array" && node.Items is null)
        {
            errors.Add(FieldErrors.Required(path.Child("items"), "must be specified"));
        }

        if (node.Items is { } items)
        {
            Invariants(items, Level.Item, path.Child("items"), errors);
        }

        foreach (var (name, property) in node.PropertyList)
        {
            Invariants(property, Level.Field, path.Child("properties").Key(name), errors);
        }

        if (node.Source.ContainsKey("additionalProperties") && level == Level.Root)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("additionalProperties"), "must not be used at the root"));
        }

        if (node.AdditionalProperties is { } additional)
        {
            Invariants(additional, Level.Field, path.Child("additionalProperties"), errors);
        }

        if (node.IntOrString && node.PreserveUnknownFields)
        {
            errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"));
        }

        if (node.IntOrString && node.EmbeddedResource)
        {
            errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"));
        }

        Junctors(node, path, errors, skipIntOrStringAnyOf: IsIntOrStringAnyOf(node.AnyOf));
        if (node.PatternError is { } patternError)
        {
            errors.Add(FieldErrors.Invalid(path.Child("pattern"), node.Pattern, $"must be a valid regular expression, but isn't: {patternError}"));
        }

        var type = node.Type ?? string.Empty;
        if (node.EmbeddedResource && type != "object")
        {
            errors.Add(type.Length == 0
                ? FieldErrors.Required(path.Child("type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldErrors.Invalid(path.Child("type"), type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (type.Length == 0 && !node.IntOrString && !node.PreserveUnknownFields)
        {
            errors.Add(FieldErrors.Required(path.Child("type"), level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }

        if (node.EmbeddedResource && node.Source.ContainsKey("additionalProperties"))
        {
            errors.Add(FieldErrors.Forbidden(path.Child("additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
        }

        if (level == Level.Root && type.Length > 0 && type != "object")
        {
            errors.Add(FieldErrors.Invalid(path.Child("type"), type, "must be object at the root"));
        }

        var checkMetadata = level == Level.Root || node.EmbeddedResource;
        if (checkMetadata)
        {
            CheckMetaFieldType(node, "kind", "string", path, errors);
            CheckMetaFieldType(node, "apiVersion", "string", path, errors);
            CheckMetaFieldType(node, "metadata", "object", path, errors);
        }

        if (level == Level.Root && node.Properties.TryGetValue("metadata", out var metadata) && !OnlyNamesRestricted(metadata))
        {
            errors.Add(FieldErrors.Forbidden(path.Child("properties").Key("metadata"),
                "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }

        if (node.EmbeddedResource && !node.PreserveUnknownFields && node.Properties.Count == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("properties"),
                "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    private static void CheckMetaFieldType(SchemaNode node, string field, string expected, FieldPath path, List<FieldError> errors)
    {
        if (node.Properties.TryGetValue(field, out var property) && property.Type != expected)
        {
            errors.Add(FieldErrors.Invalid(path.Child("properties").Key(field).Child("type"), property.Type ?? string.Empty, $"must be {expected}"));
        }
    }

    /// <summary>Root metadata may only say it is an object and constrain name and generateName.</summary>
    private static bool OnlyNamesRestricted(SchemaNode metadata)
    {
        foreach (var (key, value) in metadata.Source)
        {
            var allowed = key switch
            {
                "type" or "default" => true,
                "properties" => value is JsonObject properties && properties.All(pair => pair.Key is "name" or "generateName"),
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIntOrStringAnyOf(IReadOnlyList<SchemaNode> anyOf) =>
        anyOf.Count == 2 && anyOf[0].Source.Count == 1 && anyOf[0].Type == "integer"
        && anyOf[1].Source.Count == 1 && anyOf[1].Type == "string";

    private static void Junctors(SchemaNode node, FieldPath path, List<FieldError> errors, bool skipIntOrStringAnyOf)
    {
        if (!skipIntOrStringAnyOf)
        {
            for (var i = 0; i < node.AnyOf.Count; i++)
            {
                Nested(node.AnyOf[i], path.Child("anyOf").Index(i), errors);
            }
        }

        for (var i = 0; i < node.AllOf.Count; i++)
        {
            // allOf: [{anyOf: [integer, string]}, ...] is the other int-or-string spelling.
            var nested = node.AllOf[i];
            Nested(nested, path.Child("allOf").Index(i), errors, skipAnyOf: i == 0 && IsIntOrStringAnyOf(nested.AnyOf));
        }

        for (var i = 0; i < node.OneOf.Count; i++)
        {
            Nested(node.OneOf[i], path.Child("oneOf").Index(i), errors);
        }

        if (node.Not is { } not)
        {
            Nested(not, path.Child("not"), errors);
        }
    }

    private static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonValue flag when flag.GetValueKind() is System.Text.Json.JsonValueKind.False => false,
        JsonValue text when JsonValues.TryGetString(text, out var content) => content.Length > 0,
        _ => true,
    };

    /// <summary>A schema under allOf/anyOf/oneOf/not may only restrict values, never declare structure.</summary>
    private static void Nested(SchemaNode node, FieldPath path, List<FieldError> errors, bool skipAnyOf = false)
    {
        Junctors(node, path, errors, skipAnyOf);
        if (node.Items is { } items)
        {
            Nested(items, path.Child("items"), errors);
        }

        foreach (var (name, property) in node.PropertyList)
        {
            Nested(property, path.Child("properties").Key(name), errors);
        }

        if (node.PatternError is { } patternError)
        {
            errors.Add(FieldErrors.Invalid(path.Child("pattern"), node.Pattern, $"must be a valid regular expression, but isn't: {patternError}"));
        }

        foreach (var keyword in ForbiddenInJunctors.Where(keyword => IsSet(node.Source[keyword])))
        {
            var verb = keyword switch
            {
                "type" or "title" or "description" or "x-kubernetes-list-map-keys" => "must be empty to be structural",
                "additionalProperties" or "default" or "x-kubernetes-list-type" => "must be undefined to be structural",
                _ => "must be false to be structural",
            };
            errors.Add(FieldErrors.Forbidden(path.Child(keyword), verb));
        }

        if (node.Properties.ContainsKey("metadata"))
        {
            errors.Add(FieldErrors.Forbidden(path.Child("properties").Key("metadata"), "must not be specified in a nested context"));
        }
    }
}
