using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// The create-time checks of apiextensions' ValidateCustomResourceDefinition for an apiextensions.k8s.io/v1
/// CRD, after the server's defaulting (singular, listKind) and conversion to its internal version (a schema or
/// printer column list shared by every version moves to the top level: <c>spec.validation</c>,
/// <c>spec.additionalPrinterColumns</c>).
/// </summary>
internal static class CustomResourceDefinitionValidator
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];

    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];

    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    public static IReadOnlyList<FieldError> Validate(JsonObject crd, IRuleEngine engine)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject ?? [];
        var group = JsonValues.StringOrNull(spec["group"]) ?? string.Empty;
        var plural = JsonValues.StringOrNull(names["plural"]) ?? string.Empty;
        var kind = JsonValues.StringOrNull(names["kind"]) ?? string.Empty;

        ValidateName(crd, group, plural, errors);
        var specPath = FieldPath.Root.Child("spec");
        ValidateGroup(group, specPath, errors);
        ValidateScope(JsonValues.StringOrNull(spec["scope"]) ?? string.Empty, specPath, errors);

        var versions = (spec["versions"] as JsonArray ?? []).Select(version => version as JsonObject ?? []).ToList();
        var sharedSchema = SharedValue(versions, version => (version["schema"] as JsonObject)?["openAPIV3Schema"]);
        var sharedColumns = SharedValue(versions, version => version["additionalPrinterColumns"] is JsonArray { Count: > 0 } columns ? columns : null);
        ValidateVersions(versions, sharedSchema is not null, sharedColumns is not null, specPath, engine, errors);
        ValidateNames(names, kind, plural, specPath, errors);

        if (sharedSchema is JsonObject schema)
        {
            ValidateSchema(schema, specPath.Child("validation").Child("openAPIV3Schema"), engine, errors);
        }

        if (sharedColumns is JsonArray shared)
        {
            ValidateColumns(shared, specPath.Child("additionalPrinterColumns"), errors);
        }

        if (JsonValues.IsTrue(spec["preserveUnknownFields"]))
        {
            errors.Add(FieldErrors.Invalid(specPath.Child("preserveUnknownFields"), true,
                "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }

        return errors;
    }

    /// <summary>Validates one schema: root nullable, structural invariants, defaults, then OpenAPI and CEL rules.</summary>
    public static void ValidateSchema(JsonObject schema, FieldPath path, IRuleEngine engine, List<FieldError> errors)
    {
        var root = SchemaNode.Parse(schema);
        if (root.Nullable)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("nullable"), "nullable cannot be true at the root"));
        }

        var structural = StructuralSchemaRules.Validate(root, path);
        var sound = structural.Count == 0;
        errors.AddRange(structural);
        if (sound)
        {
            var defaults = DefaultValueRules.Validate(root, path);
            sound = defaults.Count == 0;
            errors.AddRange(defaults);
        }

        errors.AddRange(new OpenApiSchemaRules(engine, compileRules: sound).Validate(root, path));
    }

    private static void ValidateName(JsonObject crd, string group, string plural, List<FieldError> errors)
    {
        var namePath = FieldPath.Root.Child("metadata").Child("name");
        var name = JsonValues.StringOrNull((crd["metadata"] as JsonObject)?["name"]) ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldErrors.Required(namePath, "name or generateName is required"));
            return;
        }

        foreach (var message in NameRules.Dns1123Subdomain(name))
        {
            errors.Add(FieldErrors.Invalid(namePath, name, message));
        }

        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldErrors.Invalid(namePath, name, "must be spec.names.plural+\".\"+spec.group"));
        }
    }

    private static void ValidateGroup(string group, FieldPath specPath, List<FieldError> errors)
    {
        var groupPath = specPath.Child("group");
        if (group.Length == 0)
        {
            errors.Add(FieldErrors.Required(groupPath));
        }
        else if (NameRules.Dns1123Subdomain(group) is { Count: > 0 } problems)
        {
            errors.Add(FieldErrors.Invalid(groupPath, group, string.Join(",", problems)));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.Invalid(groupPath, group, "should be a domain with at least one dot"));
        }
    }

    private static void ValidateScope(string scope, FieldPath specPath, List<FieldError> errors)
    {
        if (scope.Length == 0)
        {
            errors.Add(FieldErrors.Required(specPath.Child("scope")));
        }
        else if (!Scopes.Contains(scope))
        {
            errors.Add(FieldErrors.NotSupported(specPath.Child("scope"), scope, Scopes));
        }
    }

    private static void ValidateVersions(
        List<JsonObject> versions, bool schemaShared, bool columnsShared, FieldPath specPath, IRuleEngine engine, List<FieldError> errors)
    {
        var versionsPath = specPath.Child("versions");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = true;
        var storageCount = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            var versionPath = versionsPath.Index(i);
            var name = JsonValues.StringOrNull(version["name"]) ?? string.Empty;
            unique &= seen.Add(name);
            storageCount += JsonValues.IsTrue(version["storage"]) ? 1 : 0;
            if (NameRules.Dns1035Label(name) is { Count: > 0 } problems)
            {
                errors.Add(FieldErrors.Invalid(versionPath.Child("name"), name, string.Join(",", problems)));
            }

            var schemaPath = versionPath.Child("schema").Child("openAPIV3Schema");
            if ((version["schema"] as JsonObject)?["openAPIV3Schema"] is not JsonObject schema)
            {
                errors.Add(FieldErrors.Required(schemaPath, "schemas are required"));
            }
            else if (!schemaShared)
            {
                ValidateSchema(schema, schemaPath, engine, errors);
            }

            if (!columnsShared && version["additionalPrinterColumns"] is JsonArray columns)
            {
                ValidateColumns(columns, versionPath.Child("additionalPrinterColumns"), errors);
            }
        }

        var versionsValue = new GoLiteral("[]apiextensions.CustomResourceDefinitionVersion{" + string.Join(", ", versions.Select(version =>
            $"apiextensions.CustomResourceDefinitionVersion{{Name:{GoValueFormatter.Quote(JsonValues.StringOrNull(version["name"]) ?? string.Empty)}, " +
            $"Served:{(JsonValues.IsTrue(version["served"]) ? "true" : "false")}, Storage:{(JsonValues.IsTrue(version["storage"]) ? "true" : "false")}, ...}}")) + "}");
        if (!unique)
        {
            errors.Add(FieldErrors.Invalid(versionsPath, versionsValue, "must contain unique version names"));
        }

        if (storageCount != 1)
        {
            errors.Add(FieldErrors.Invalid(versionsPath, versionsValue, "must have exactly one version marked as storage version"));
        }
    }

    private static void ValidateNames(JsonObject names, string kind, string plural, FieldPath specPath, List<FieldError> errors)
    {
        var namesPath = specPath.Child("names");

        // The server defaults singular to lower(kind) and listKind to kind+"List" before validating.
        var singular = JsonValues.StringOrNull(names["singular"]) ?? kind.ToLowerInvariant();
        var listKind = JsonValues.StringOrNull(names["listKind"]) ?? (kind.Length > 0 ? kind + "List" : string.Empty);
        if (plural.Length == 0)
        {
            errors.Add(FieldErrors.Required(namesPath.Child("plural")));
        }

        if (singular.Length == 0)
        {
            errors.Add(FieldErrors.Required(namesPath.Child("singular")));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldErrors.Required(namesPath.Child("kind")));
        }

        if (listKind.Length == 0)
        {
            errors.Add(FieldErrors.Required(namesPath.Child("listKind")));
        }

        void Label(FieldPath path, string value, bool mixedCase)
        {
            if (value.Length > 0 && NameRules.Dns1035Label(mixedCase ? value.ToLowerInvariant() : value) is { Count: > 0 } problems)
            {
                var detail = string.Join(",", problems);
                errors.Add(FieldErrors.Invalid(path, value, mixedCase ? "may have mixed case, but should otherwise match: " + detail : detail));
            }
        }

        Label(namesPath.Child("plural"), plural, mixedCase: false);
        Label(namesPath.Child("singular"), singular, mixedCase: false);
        Label(namesPath.Child("kind"), kind, mixedCase: true);
        Label(namesPath.Child("listKind"), listKind, mixedCase: true);
        var shortNames = names["shortNames"] as JsonArray ?? [];
        for (var i = 0; i < shortNames.Count; i++)
        {
            Label(namesPath.Child("shortNames").Index(i), JsonValues.StringOrNull(shortNames[i]) ?? string.Empty, mixedCase: false);
        }

        if (kind.Length > 0 && kind == listKind)
        {
            errors.Add(FieldErrors.Invalid(namesPath.Child("listKind"), listKind, "kind and listKind may not be the same"));
        }

        var categories = names["categories"] as JsonArray ?? [];
        for (var i = 0; i < categories.Count; i++)
        {
            Label(namesPath.Child("categories").Index(i), JsonValues.StringOrNull(categories[i]) ?? string.Empty, mixedCase: false);
        }
    }

    private static void ValidateColumns(JsonArray columns, FieldPath path, List<FieldError> errors)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i] as JsonObject ?? [];
            var columnPath = path.Index(i);
            if (string.IsNullOrEmpty(JsonValues.StringOrNull(column["name"])))
            {
                errors.Add(FieldErrors.Required(columnPath.Child("name")));
            }

            var typeDetail = "must be one of " + string.Join(",", ColumnTypes);
            var type = JsonValues.StringOrNull(column["type"]) ?? string.Empty;
            if (type.Length == 0)
            {
                errors.Add(FieldErrors.Required(columnPath.Child("type"), typeDetail));
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.Add(FieldErrors.Invalid(columnPath.Child("type"), type, typeDetail));
            }

            var format = JsonValues.StringOrNull(column["format"]) ?? string.Empty;
            if (format.Length > 0 && !ColumnFormats.Contains(format))
            {
                errors.Add(FieldErrors.Invalid(columnPath.Child("format"), format, "must be one of " + string.Join(",", ColumnFormats)));
            }

            var jsonPath = JsonValues.StringOrNull(column["jsonPath"]) ?? string.Empty;
            if (jsonPath.Length == 0)
            {
                errors.Add(FieldErrors.Required(columnPath.Child("JSONPath")));
            }
            else if (!jsonPath.StartsWith('.'))
            {
                errors.Add(FieldErrors.Invalid(columnPath.Child("JSONPath"), jsonPath, "must be a simple json path starting with ."));
            }
        }
    }

    /// <summary>The value every version carries identically (so the server moves it to the top level), or null.</summary>
    private static JsonNode? SharedValue(List<JsonObject> versions, Func<JsonObject, JsonNode?> select)
    {
        if (versions.Count == 0 || select(versions[0]) is not { } first)
        {
            return null;
        }

        return versions.All(version => select(version) is { } value && JsonValues.DeepEquals(value, first)) ? first : null;
    }
}
