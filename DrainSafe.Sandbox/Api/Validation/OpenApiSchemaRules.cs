using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// apiextensions' ValidateCustomResourceDefinitionOpenAPISchema: the OpenAPI subset a CRD may use, list and map
/// type consistency, and x-kubernetes-validations (fields, then CEL compilation where the schema is sound).
/// </summary>
internal sealed class OpenApiSchemaRules(IRuleEngine engine, bool compileRules)
{
    private static readonly string[] OpenApiTypes = ["array", "boolean", "integer", "number", "object", "string"];

    private static readonly string[] RuleReasons =
        [FieldErrorReasons.Duplicate, FieldErrorReasons.Forbidden, FieldErrorReasons.Invalid, FieldErrorReasons.Required];

    private static readonly (string Keyword, string Message)[] Unsupported =
    [
        ("id", "id is not supported"),
        ("additionalItems", "additionalItems is not supported"),
        ("patternProperties", "patternProperties is not supported"),
        ("definitions", "definitions is not supported"),
        ("dependencies", "dependencies is not supported"),
        ("$ref", "$ref is not supported"),
    ];

    /// <summary>Schema errors first, then CEL errors, as the server lists them.</summary>
    public List<FieldError> Validate(SchemaNode root, FieldPath path)
    {
        var (schemaErrors, celErrors) = Visit(root, path, new Context(IsRoot: true));
        return [.. schemaErrors, .. celErrors];
    }

    private (List<FieldError> Schema, List<FieldError> Cel) Visit(SchemaNode node, FieldPath path, Context context)
    {
        var schemaErrors = new List<FieldError>();
        var celErrors = new List<FieldError>();
        void Merge((List<FieldError> Schema, List<FieldError> Cel) child)
        {
            schemaErrors.AddRange(child.Schema);
            celErrors.AddRange(child.Cel);
        }

        CheckKeywords(node, path, context, schemaErrors);
        if (node.Source.ContainsKey("additionalProperties"))
        {
            if (node.Properties.Count > 0 && (node.AdditionalPropertiesForbidden || node.AdditionalProperties is not null))
            {
                schemaErrors.Add(FieldErrors.Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
            }

            if (node.AdditionalProperties is { } additional)
            {
                var child = context with { IsRoot = false };
                if (context.InsideResourceMeta)
                {
                    child = child with { ForbiddenDefaultsReason = "inside additionalProperties applying to object metadata" };
                }

                Merge(Visit(additional, path.Child("additionalProperties"), child));
            }
        }

        foreach (var (name, property) in node.PropertyList)
        {
            var child = context with { IsRoot = false };
            if (!node.MapIsCorrelatable)
            {
                child = child.ForbidOldSelf(path);
            }

            if ((context.IsRoot || node.EmbeddedResource) && ResourceMeta.IsMetaField(name))
            {
                child = child with { InsideResourceMeta = true };
                if (context.IsRoot)
                {
                    child = child with { ForbiddenDefaultsReason = $"in top-level {name}" };
                }
            }

            Merge(Visit(property, path.Child("properties").Key(name), child));
        }

        var junctorContext = context with { IsRoot = false, CompileRules = false };
        if (node.Not is { } not)
        {
            Merge(Visit(not, path.Child("not"), junctorContext));
        }

        foreach (var (name, list) in new[] { ("allOf", node.AllOf), ("oneOf", node.OneOf), ("anyOf", node.AnyOf) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                Merge(Visit(list[i], path.Child(name).Index(i), junctorContext));
            }
        }

        if (node.Items is { } items)
        {
            var child = context with { IsRoot = false };
            if (node.ListType != "map")
            {
                child = child.ForbidOldSelf(path);
            }

            Merge(Visit(items, path.Child("items"), child));
        }

        CheckListAndMapTypes(node, path, schemaErrors);
        CheckRules(node, path, context, schemaErrors, celErrors);
        return (schemaErrors, celErrors);
    }

    private static void CheckKeywords(SchemaNode node, FieldPath path, Context context, List<FieldError> errors)
    {
        var type = node.Type ?? string.Empty;
        if (type.Length > 0 && !OpenApiTypes.Contains(type))
        {
            errors.Add(FieldErrors.NotSupported(path.Child("type"), type, OpenApiTypes));
        }

        if (node.Source.ContainsKey("default") && context.ForbiddenDefaultsReason is { } reason)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("default"), $"must not be set {reason}"));
        }

        foreach (var (keyword, message) in Unsupported)
        {
            if (node.Source.ContainsKey(keyword))
            {
                errors.Add(FieldErrors.Forbidden(path.Child(keyword), message));
            }
        }

        if (type == "null")
        {
            errors.Add(FieldErrors.Forbidden(path.Child("type"), "type cannot be set to null, use nullable as an alternative"));
        }

        if (node.Source["items"] is JsonArray)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("items"), "items must be a schema object and not an array"));
        }

        if (context.InsideResourceMeta && node.EmbeddedResource)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-embedded-resource"), "must not be used inside of resource meta"));
        }

        if (JsonValues.IsTrue(node.Source["uniqueItems"]))
        {
            errors.Add(FieldErrors.Forbidden(path.Child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
    }

    private static void CheckListAndMapTypes(SchemaNode node, FieldPath path, List<FieldError> errors)
    {
        var type = node.Type ?? string.Empty;
        if (node.Source["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && !JsonValues.IsTrue(preserve))
        {
            errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
        }

        if (node.MapType is { } mapType)
        {
            if (type != "object")
            {
                errors.Add(type.Length == 0
                    ? FieldErrors.Required(path.Child("type"), "must be object if x-kubernetes-map-type is specified")
                    : FieldErrors.Invalid(path.Child("type"), type, "must be object if x-kubernetes-map-type is specified"));
            }

            if (mapType is not ("atomic" or "granular"))
            {
                errors.Add(FieldErrors.NotSupported(path.Child("x-kubernetes-map-type"), mapType, ["atomic", "granular"]));
            }
        }

        if (node.ListType is { } listType)
        {
            if (type != "array")
            {
                errors.Add(type.Length == 0
                    ? FieldErrors.Required(path.Child("type"), "must be array if x-kubernetes-list-type is specified")
                    : FieldErrors.Invalid(path.Child("type"), type, "must be array if x-kubernetes-list-type is specified"));
            }
            else if (listType == "set" && node.Items is { } setItems)
            {
                if (setItems.Type == "array" && setItems.ListType is { } itemListType && itemListType != "atomic")
                {
                    errors.Add(FieldErrors.Invalid(path.Child("items").Child("x-kubernetes-list-type"), itemListType, "must be atomic as item of a list with x-kubernetes-list-type=set"));
                }
                else if (setItems.Type == "object" && setItems.MapType != "atomic")
                {
                    errors.Add(FieldErrors.Invalid(path.Child("items").Child("x-kubernetes-map-type"), setItems.ListType, "must be atomic as item of a list with x-kubernetes-list-type=set"));
                }
            }

            if (listType is not ("atomic" or "set" or "map"))
            {
                errors.Add(FieldErrors.NotSupported(path.Child("x-kubernetes-list-type"), listType, ["atomic", "set", "map"]));
            }
        }

        if (node.ListMapKeys.Count > 0)
        {
            if (node.ListType is null)
            {
                errors.Add(FieldErrors.Required(path.Child("x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty"));
            }
            else if (node.ListType != "map")
            {
                errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-type"), node.ListType, "must be map if x-kubernetes-list-map-keys is non-empty"));
            }
        }

        if (node.ListType == "map")
        {
            CheckMapList(node, path, errors);
        }

        if (node.ListType is "set" or "map" && node.Items is { Nullable: true })
        {
            errors.Add(FieldErrors.Forbidden(path.Child("items").Child("nullable"), $"cannot be nullable when x-kubernetes-list-type is {node.ListType}"));
        }

        if (node.ListType == "map" && node.Items is { } mapItems)
        {
            foreach (var key in node.ListMapKeys)
            {
                if (!mapItems.Properties.TryGetValue(key, out var keySchema))
                {
                    continue;
                }

                var keyPath = path.Child("items").Child("properties").Key(key);
                if (!mapItems.Required.Contains(key) && keySchema.Default is null)
                {
                    errors.Add(FieldErrors.Required(keyPath.Child("default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
                }

                if (keySchema.Nullable)
                {
                    errors.Add(FieldErrors.Forbidden(keyPath.Child("nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
                }
            }
        }
    }

    private static void CheckMapList(SchemaNode node, FieldPath path, List<FieldError> errors)
    {
        var keysValue = new JsonArray(node.ListMapKeys.Select(key => (JsonNode?)JsonValue.Create(key)).ToArray());
        if (node.ListMapKeys.Count == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
        }

        if (node.Items is not { } items)
        {
            errors.Add(FieldErrors.Required(path.Child("items"), "must have a schema if x-kubernetes-list-type is map"));
            return;
        }

        if (items.Type != "object")
        {
            errors.Add(FieldErrors.Invalid(path.Child("items").Child("type"), items.Type ?? string.Empty, "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in node.ListMapKeys)
        {
            if (items.Properties.TryGetValue(key, out var keySchema))
            {
                if (keySchema.Type is "array" or "object")
                {
                    errors.Add(FieldErrors.Invalid(path.Child("items").Child("properties").Key(key).Child("type"), items.Type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
            }
            else
            {
                errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-map-keys"), keysValue, "entries must all be names of item properties"));
            }

            if (!seen.Add(key))
            {
                errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-map-keys"), keysValue, "must not contain duplicate entries"));
            }
        }
    }

    private void CheckRules(SchemaNode node, FieldPath path, Context context, List<FieldError> schemaErrors, List<FieldError> celErrors)
    {
        for (var i = 0; i < node.Rules.Count; i++)
        {
            var rule = node.Rules[i];
            var rulePath = path.Child("x-kubernetes-validations").Index(i);
            var message = rule.Message ?? string.Empty;
            if (rule.Rule.Trim().Length == 0)
            {
                schemaErrors.Add(FieldErrors.Required(rulePath.Child("rule"), "rule is not specified"));
            }
            else if (message.Length > 0 && message.Trim().Length == 0)
            {
                schemaErrors.Add(FieldErrors.Invalid(rulePath.Child("message"), message, "message must be non-empty if specified"));
            }
            else if (HasNewlines(message.Trim()))
            {
                schemaErrors.Add(FieldErrors.Invalid(rulePath.Child("message"), message, "message must not contain line breaks"));
            }
            else if (HasNewlines(rule.Rule.Trim()) && message.Trim().Length == 0)
            {
                schemaErrors.Add(FieldErrors.Required(rulePath.Child("message"), "message must be specified if rule contains line breaks"));
            }

            if (rule.MessageExpression is { Length: > 0 } expression && expression.Trim().Length == 0)
            {
                schemaErrors.Add(FieldErrors.Required(rulePath.Child("messageExpression"), "messageExpression must be non-empty if specified"));
            }

            if (rule.Reason is { } reason && !RuleReasons.Contains(reason))
            {
                schemaErrors.Add(FieldErrors.NotSupported(rulePath.Child("reason"), reason, RuleReasons));
            }

            if (rule.FieldPath is { Length: > 0 } fieldPath)
            {
                if (fieldPath.Trim().Length == 0)
                {
                    schemaErrors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath"), fieldPath, "fieldPath must be non-empty if specified"));
                }

                if (HasNewlines(fieldPath))
                {
                    schemaErrors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath"), fieldPath, "fieldPath must not contain line breaks"));
                }

                if (RuleFieldPath.Normalize(fieldPath.Trim(), node) is null)
                {
                    schemaErrors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath"), fieldPath, "fieldPath must be a valid path"));
                }
            }
        }

        // Rules are compiled only where the schema below is sound, so errors stay actionable.
        if (!compileRules || !context.CompileRules || schemaErrors.Count > 0)
        {
            return;
        }

        for (var i = 0; i < node.Rules.Count; i++)
        {
            var rule = node.Rules[i];
            var rulePath = path.Child("x-kubernetes-validations").Index(i);
            var compilation = engine.Compile(rule.Rule);
            if (compilation.Error is { } error)
            {
                celErrors.Add(FieldErrors.Invalid(rulePath.Child("rule"), new GoLiteral(rule.GoSyntax()), $"compilation failed: {error}"));
            }

            if (!string.IsNullOrWhiteSpace(rule.MessageExpression) && engine.Compile(rule.MessageExpression).Error is { } messageError)
            {
                celErrors.Add(FieldErrors.Invalid(rulePath.Child("messageExpression"), new GoLiteral(rule.GoSyntax()), $"messageExpression compilation failed: {messageError}"));
            }

            if (compilation.UsesOldSelf)
            {
                if (context.UncorrelatablePath is { } uncorrelatable)
                {
                    celErrors.Add(FieldErrors.Invalid(rulePath.Child("rule"), rule.Rule, $"oldSelf cannot be used on the uncorrelatable portion of the schema within {uncorrelatable}"));
                }
            }
            else if (rule.OptionalOldSelf is { } optional && compilation.Error is null)
            {
                celErrors.Add(FieldErrors.Invalid(rulePath.Child("optionalOldSelf"), optional, "may not be set if oldSelf is not used in rule"));
            }
        }
    }

    private static bool HasNewlines(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);

    /// <summary>What the walk knows about where it is.</summary>
    private sealed record Context(
        bool IsRoot,
        bool InsideResourceMeta = false,
        string? ForbiddenDefaultsReason = null,
        FieldPath? UncorrelatablePath = null,
        bool CompileRules = true)
    {
        /// <summary>Keeps the highest path below which old and new values cannot be matched.</summary>
        public Context ForbidOldSelf(FieldPath path) => UncorrelatablePath is null ? this with { UncorrelatablePath = path } : this;
    }
}
