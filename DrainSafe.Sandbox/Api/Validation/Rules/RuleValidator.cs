using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation.Rules;

/// <summary>
/// Evaluates x-kubernetes-validations the way apiextensions' CEL validator does: each non-null value's rules with
/// <c>self</c> bound to it, transition rules only where an old value correlates (object properties, granular map
/// keys, map-list items matched by key), then the children.
/// </summary>
internal sealed class RuleValidator(IRuleEngine engine, List<FieldError> errors)
{
    public void Validate(SchemaNode schema, JsonNode? value, JsonNode? old, FieldPath path, bool isResourceRoot)
    {
        if (value is null)
        {
            return;
        }

        EvaluateRules(schema, value, old, path, isResourceRoot);
        switch (value)
        {
            case JsonObject obj:
                ValidateObject(schema, obj, old as JsonObject, path, isResourceRoot);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = schema.ListType == "map" && old is JsonArray oldArray
                        ? FindByMapKeys(schema.ListMapKeys, array[i], oldArray)
                        : null;
                    Validate(items, array[i], oldItem, path.Index(i), items.EmbeddedResource);
                }

                break;
        }
    }

    private void ValidateObject(SchemaNode schema, JsonObject obj, JsonObject? old, FieldPath path, bool isResourceRoot)
    {
        var oldMap = schema.MapIsCorrelatable ? old : null;
        foreach (var (key, child) in obj)
        {
            var oldChild = oldMap?[key];
            if (schema.AdditionalProperties is { } additional)
            {
                Validate(additional, child, oldChild, path.Key(key), additional.EmbeddedResource);
            }
            else if (!(isResourceRoot && ResourceMeta.IsMetaField(key)) && schema.Properties.TryGetValue(key, out var property))
            {
                Validate(property, child, oldChild, path.Child(key), property.EmbeddedResource);
            }
        }
    }

    private static JsonNode? FindByMapKeys(IReadOnlyList<string> keys, JsonNode? item, JsonArray oldItems)
    {
        if (item is not JsonObject current || keys.Count == 0)
        {
            return null;
        }

        return oldItems.OfType<JsonObject>().FirstOrDefault(candidate =>
            keys.All(key => JsonValues.DeepEquals(candidate[key], current[key])));
    }

    private void EvaluateRules(SchemaNode schema, JsonNode value, JsonNode? old, FieldPath path, bool isResourceRoot)
    {
        if (schema.CompiledRules.Count == 0)
        {
            return;
        }

        var binding = engine.Bind(new RuleScope(value, schema, isResourceRoot, old, old is not null));
        var typeName = schema.Type ?? string.Empty;
        foreach (var compiled in schema.CompiledRules)
        {
            var rule = compiled.Rule;
            var optionalOldSelf = rule.OptionalOldSelf == true;
            if (compiled.UsesOldSelf && old is null && !optionalOldSelf)
            {
                continue;
            }

            var result = compiled.Program.Evaluate(binding, optionalOldSelf);
            if (result.Error is { } error)
            {
                errors.Add(error.StartsWith("no such overload", StringComparison.Ordinal)
                    ? FieldErrors.Invalid(path, typeName, $"'{error}': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}")
                    : FieldErrors.Invalid(path, typeName, $"{error} evaluating rule: {rule.ErrorString}"));
                continue;
            }

            if (result.Value is true)
            {
                continue;
            }

            if (result.Value is not false)
            {
                errors.Add(FieldErrors.Invalid(path, typeName, $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}"));
                continue;
            }

            var errorPath = compiled.FieldPath.Length > 0 ? path.Child(compiled.FieldPath) : path;
            var detail = MessageFromExpression(compiled, binding) ?? rule.DefaultMessage;
            var badValue = schema.Type is "object" or "array" ? FieldErrors.OmitValue : value;
            errors.Add(rule.Reason switch
            {
                FieldErrorReasons.Forbidden => FieldErrors.Forbidden(errorPath, detail),
                FieldErrorReasons.Required => FieldErrors.Required(errorPath, detail),
                FieldErrorReasons.Duplicate => FieldErrors.Duplicate(errorPath, badValue),
                _ => FieldErrors.Invalid(errorPath, badValue, detail),
            });
        }
    }

    /// <summary>A messageExpression's text; null (fall back to message) when it fails or is empty or multi-line.</summary>
    private static string? MessageFromExpression(CompiledRule compiled, IRuleBinding binding)
    {
        if (compiled.MessageProgram is null)
        {
            return null;
        }

        var result = compiled.MessageProgram.Evaluate(binding, optionalOldSelf: false);
        return result.Value is string text && text.Trim() is { Length: > 0 } trimmed && !trimmed.Contains('\n', StringComparison.Ordinal)
            ? trimmed
            : null;
    }
}
