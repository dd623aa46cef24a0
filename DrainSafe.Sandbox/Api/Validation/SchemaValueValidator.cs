using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>
/// The OpenAPI keyword checks of kube-openapi's SchemaValidator, in its order (type, allOf/anyOf/oneOf/not,
/// string, format, number, array, enum, object), with apiextensions' conversion of each failure to a field error.
/// </summary>
internal static class SchemaValueValidator
{
    public static void Validate(SchemaNode schema, JsonNode? value, FieldPath path, bool isResourceRoot, List<FieldError> errors)
    {
        var name = path.Value;
        var types = schema.AllowedTypes;
        if (value is null)
        {
            if (types.Count > 0 && !schema.Nullable)
            {
                errors.Add(FieldErrors.TypeInvalid(path, "null", $"{name} in body must be of type {string.Join(",", types)}: \"null\""));
            }

            CheckEnum(schema, value, path, errors);
            return;
        }

        var kind = JsonValues.TypeName(value);
        if (types.Count > 0 && !HasAllowedType(types, kind, value))
        {
            errors.Add(FieldErrors.TypeInvalid(path, kind, $"{name} in body must be of type {string.Join(",", types)}: {GoValueFormatter.Quote(kind)}"));
        }

        CheckCombinators(schema, value, path, errors);
        switch (value)
        {
            case JsonValue scalar when kind == "string":
                CheckString(schema, scalar.GetValue<string>(), path, errors);
                break;
            case JsonValue scalar when kind is "integer" or "number":
                CheckNumber(schema, scalar, path, errors);
                break;
            case JsonArray array:
                CheckArray(schema, array, path, errors);
                break;
        }

        CheckEnum(schema, value, path, errors);
        if (value is JsonObject obj)
        {
            CheckObject(schema, obj, path, isResourceRoot, errors);
        }
    }

    private static bool HasAllowedType(IReadOnlyList<string> types, string kind, JsonNode value) =>
        types.Contains(kind)
        || (kind == "number" && types.Contains("integer") && JsonValues.IsWholeNumber((JsonValue)value))
        || (kind == "integer" && types.Contains("number"));

    private static void CheckCombinators(SchemaNode schema, JsonNode value, FieldPath path, List<FieldError> errors)
    {
        foreach (var part in schema.AllOf)
        {
            Validate(part, value, path, isResourceRoot: false, errors);
        }

        if (schema.AnyOf.Count > 0)
        {
            var failures = schema.AnyOf.Select(part => Attempt(part, value, path)).ToList();
            if (failures.All(failure => failure.Count > 0))
            {
                errors.Add(FieldErrors.Invalid(FieldPath.Root, string.Empty, $"{path.Value} must validate at least one schema (anyOf)"));
                errors.AddRange(failures.MinBy(failure => failure.Count)!);
            }
        }

        if (schema.OneOf.Count > 0)
        {
            var failures = schema.OneOf.Select(part => Attempt(part, value, path)).ToList();
            var matches = failures.Count(failure => failure.Count == 0);
            if (matches != 1)
            {
                errors.Add(FieldErrors.Invalid(FieldPath.Root, string.Empty, $"{path.Value} must validate one and only one schema (oneOf)"));
                if (matches == 0)
                {
                    errors.AddRange(failures.MinBy(failure => failure.Count)!);
                }
            }
        }

        if (schema.Not is { } not && Attempt(not, value, path).Count == 0)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Root, string.Empty, $"{path.Value} must not validate the schema (not)"));
        }
    }

    private static List<FieldError> Attempt(SchemaNode schema, JsonNode value, FieldPath path)
    {
        var errors = new List<FieldError>();
        Validate(schema, value, path, isResourceRoot: false, errors);
        return errors;
    }

    private static void CheckString(SchemaNode schema, string text, FieldPath path, List<FieldError> errors)
    {
        var name = path.Value;
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldErrors.TooLong(path, max));
        }

        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldErrors.Invalid(path, text, $"{name} in body should be at least {min} chars long"));
        }

        if (schema.PatternRegex is { } pattern && !MatchesWithinTimeout(pattern, text))
        {
            errors.Add(FieldErrors.Invalid(path, text, $"{name} in body should match '{schema.Pattern}'"));
        }

        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            errors.Add(FieldErrors.TypeInvalid(path, text, $"{name} in body must be of type {format}: {GoValueFormatter.Quote(text)}"));
        }
    }

    /// <summary>A pattern that runs away on this input counts as not matching, rather than failing the request.</summary>
    private static bool MatchesWithinTimeout(System.Text.RegularExpressions.Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void CheckNumber(SchemaNode schema, JsonValue value, FieldPath path, List<FieldError> errors)
    {
        var name = path.Value;
        var number = JsonValues.ToDouble(value);
        object badValue = JsonValues.TryGetInt64(value, out var whole) ? whole : number;
        if (schema.MultipleOf is { } factor && factor > 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9 * Math.Max(1, Math.Abs(number)))
        {
            errors.Add(FieldErrors.Invalid(path, badValue, $"{name} in body should be a multiple of {GoValueFormatter.FormatFloat(factor)}"));
        }

        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldErrors.Invalid(path, badValue, $"{name} in body should be {relation} {GoValueFormatter.FormatFloat(max)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldErrors.Invalid(path, badValue, $"{name} in body should be {relation} {GoValueFormatter.FormatFloat(min)}"));
        }
    }

    private static void CheckArray(SchemaNode schema, JsonArray array, FieldPath path, List<FieldError> errors)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(items, array[i], path.Index(i), isResourceRoot: false, errors);
            }
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldErrors.Invalid(path, (long)array.Count, $"{path.Value} in body should have at least {min} items"));
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldErrors.TooMany(path, array.Count, max));
        }
    }

    private static void CheckEnum(SchemaNode schema, JsonNode? value, FieldPath path, List<FieldError> errors)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Any(candidate => JsonValues.DeepEquals(candidate, value)))
        {
            return;
        }

        // apiextensions lists string values as they are and everything else as JSON.
        var supported = allowed.Select(candidate => JsonValues.TryGetString(candidate, out var text)
            ? text
            : candidate?.ToJsonString() ?? "null");
        errors.Add(FieldErrors.NotSupported(path, value, supported));
    }

    private static void CheckObject(SchemaNode schema, JsonObject obj, FieldPath path, bool isResourceRoot, List<FieldError> errors)
    {
        var name = path.Value;
        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldErrors.Invalid(path, (long)obj.Count, $"{name} in body should have at least {min} properties"));
            return;
        }

        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldErrors.TooMany(path, obj.Count, max));
            return;
        }

        foreach (var (key, value) in obj)
        {
            if (isResourceRoot && ResourceMeta.IsMetaField(key))
            {
                continue;
            }

            if (schema.Properties.TryGetValue(key, out var property))
            {
                Validate(property, value, path.Child(key), isResourceRoot: false, errors);
            }
            else if (schema.AdditionalPropertiesForbidden)
            {
                errors.Add(FieldErrors.Invalid(path, key, $"{name}.{key} in body is a forbidden property"));
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Validate(additional, value, path.Child(key), isResourceRoot: false, errors);
            }
        }

        foreach (var required in schema.Required)
        {
            if (!(isResourceRoot && ResourceMeta.IsMetaField(required)) && !obj.ContainsKey(required))
            {
                errors.Add(FieldErrors.Required(path.Child(required)));
            }
        }
    }
}
