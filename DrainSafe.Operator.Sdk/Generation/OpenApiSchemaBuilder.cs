using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// Turns an entity type into a structural OpenAPI v3 schema, reading the schema attributes, and
/// collects the printer columns declared on its properties on the way.
/// </summary>
/// <remarks>
/// Schema properties are sorted by JSON name so the output is stable; printer columns follow the
/// declaration order of the properties (spec before status, depth first).
/// </remarks>
internal sealed class OpenApiSchemaBuilder
{
    private static readonly HashSet<string> ColumnTypes = ["string", "integer", "number", "boolean", "date"];

    private readonly NullabilityInfoContext nullability = new();
    private readonly HashSet<Type> typesBeingBuilt = [];

    /// <summary>The printer columns found on properties, in walk order.</summary>
    public List<V1CustomResourceColumnDefinition> PrinterColumns { get; } = [];

    /// <summary>Builds the schema of an entity: the root object of the resource.</summary>
    public V1JSONSchemaProps BuildRoot(Type entityType)
    {
        var schema = BuildObject(entityType, path: string.Empty, insideList: false);
        var spec = schema.Properties?.TryGetValue("spec", out var specSchema) == true ? specSchema : null;
        if (spec?.Required is { Count: > 0 })
        {
            // A spec with required fields must itself be present.
            schema.Required = [.. schema.Required ?? [], "spec"];
        }

        return schema;
    }

    private V1JSONSchemaProps BuildType(Type type, string path, bool insideList)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (WellKnownSchema(underlying) is { } wellKnown)
        {
            return wellKnown;
        }

        if (underlying.IsEnum)
        {
            return new V1JSONSchemaProps
            {
                Type = "string",
                EnumProperty = [.. Enum.GetNames(underlying)],
                Description = underlying.GetCustomAttribute<DescriptionAttribute>()?.Description,
            };
        }

        if (DictionaryValueType(underlying) is { } valueType)
        {
            return new V1JSONSchemaProps
            {
                Type = "object",
                AdditionalProperties = BuildType(valueType, path + ".*", insideList: true),
            };
        }

        if (ListItemType(underlying) is { } itemType)
        {
            return new V1JSONSchemaProps
            {
                Type = "array",
                Items = BuildType(itemType, path + "[*]", insideList: true),
            };
        }

        if (underlying.IsClass || (underlying.IsValueType && !underlying.IsPrimitive))
        {
            return BuildObject(underlying, path, insideList);
        }

        throw new NotSupportedException(
            $"No OpenAPI schema for {underlying.FullName} at '{path}': use a string, number, bool, enum, DateTimeOffset, list, dictionary or class.");
    }

    private V1JSONSchemaProps BuildObject(Type type, string path, bool insideList)
    {
        if (!typesBeingBuilt.Add(type))
        {
            throw new NotSupportedException(
                $"{type.FullName} contains itself (at '{path}'): a structural CRD schema cannot be recursive.");
        }

        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in SchemaProperties(type))
        {
            var name = JsonName(property);
            var propertyPath = $"{path}.{name}";
            var schema = BuildProperty(property, propertyPath, insideList);
            properties.Add(name, schema);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }

            CollectPrinterColumn(property, schema, propertyPath, insideList);
        }

        typesBeingBuilt.Remove(type);
        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties.Count > 0 ? properties : null,
            Required = required.Count > 0 ? [.. required] : null,
            XKubernetesValidations = ValidationRules(type.GetCustomAttributes<ValidationRuleAttribute>()),
            XKubernetesPreserveUnknownFields = type.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null ? true : null,
        };
    }

    private V1JSONSchemaProps BuildProperty(PropertyInfo property, string path, bool insideList)
    {
        var schema = BuildType(property.PropertyType, path, insideList);
        if (property.PropertyType == typeof(V1ObjectMeta))
        {
            // The API server forbids anything but the type on metadata, even a description.
            return schema;
        }

        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? schema.Description;
        // Not on enums: the API server checks an explicit null against the enum list and rejects it.
        if (IsNullable(property) && schema.EnumProperty is null)
        {
            schema.Nullable = true;
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.RegularExpression;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            schema.MinLength = length.MinLength >= 0 ? length.MinLength : null;
            schema.MaxLength = length.MaxLength >= 0 ? length.MaxLength : null;
        }

        if (property.GetCustomAttribute<ItemsAttribute>() is { } items)
        {
            schema.MinItems = items.MinItems >= 0 ? items.MinItems : null;
            schema.MaxItems = items.MaxItems >= 0 ? items.MaxItems : null;
        }

        if (property.GetCustomAttribute<RangeMinimumAttribute>() is { } minimum)
        {
            schema.Minimum = minimum.Minimum;
            schema.ExclusiveMinimum = minimum.ExclusiveMinimum ? true : null;
        }

        if (property.GetCustomAttribute<RangeMaximumAttribute>() is { } maximum)
        {
            schema.Maximum = maximum.Maximum;
            schema.ExclusiveMaximum = maximum.ExclusiveMaximum ? true : null;
        }

        if (property.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            ApplyListType(schema, listType, path);
        }

        if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        var rules = ValidationRules(property.GetCustomAttributes<ValidationRuleAttribute>());
        if (rules is not null)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules];
        }

        return schema;
    }

    private static void ApplyListType(V1JSONSchemaProps schema, ListTypeAttribute listType, string path)
    {
        if (schema.Type != "array")
        {
            throw new NotSupportedException($"[ListType] on '{path}' needs a list property.");
        }

        schema.XKubernetesListType = listType.ListType.ToString().ToLowerInvariant();
        if (listType.ListType != ListType.Map)
        {
            return;
        }

        var item = (V1JSONSchemaProps)schema.Items;
        var missing = listType.MapKeys.Where(key => item.Required?.Contains(key) != true).ToList();
        if (listType.MapKeys.Count == 0 || missing.Count > 0)
        {
            throw new NotSupportedException(
                $"[ListType(Map)] on '{path}' needs map keys that are required fields of the items; not required: {string.Join(", ", missing)}.");
        }

        schema.XKubernetesListMapKeys = [.. listType.MapKeys];
    }

    private void CollectPrinterColumn(PropertyInfo property, V1JSONSchemaProps schema, string path, bool insideList)
    {
        if (property.GetCustomAttribute<AdditionalPrinterColumnAttribute>() is not { } column)
        {
            return;
        }

        if (insideList)
        {
            throw new NotSupportedException($"[AdditionalPrinterColumn] on '{path}': a column shows one value, not a field inside a list or map.");
        }

        var type = column.Type ?? ColumnType(schema);
        if (!ColumnTypes.Contains(type))
        {
            throw new NotSupportedException(
                $"[AdditionalPrinterColumn] on '{path}' has type '{type}'; use one of {string.Join(", ", ColumnTypes)}.");
        }

        PrinterColumns.Add(new V1CustomResourceColumnDefinition
        {
            Name = column.Name,
            Type = type,
            Format = column.Format,
            JsonPath = path,
            Priority = column.Priority == 0 ? null : column.Priority,
            Description = column.Description ?? schema.Description,
        });
    }

    private static string ColumnType(V1JSONSchemaProps schema) => schema switch
    {
        { Type: "string", Format: "date-time" } => "date",
        { Type: "integer" or "number" or "boolean" or "string" } => schema.Type,
        _ => "string",
    };

    private bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.Nullable);

    private static IList<V1ValidationRule>? ValidationRules(IEnumerable<ValidationRuleAttribute> attributes)
    {
        var rules = attributes
            .Select(rule => new V1ValidationRule
            {
                Rule = rule.Rule,
                Message = rule.Message,
                FieldPath = rule.FieldPath,
                Reason = rule.Reason,
            })
            .ToList();
        return rules.Count > 0 ? rules : null;
    }

    private static IEnumerable<PropertyInfo> SchemaProperties(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
        .Where(p => p.GetCustomAttribute<IgnoreAttribute>() is null)
        .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
        .OrderBy(DeclarationDepth)
        .ThenBy(p => p.MetadataToken);

    // Base-class properties (apiVersion, kind, metadata, spec, status) come before a derived class's own.
    private static int DeclarationDepth(PropertyInfo property)
    {
        var depth = 0;
        for (var type = property.DeclaringType?.BaseType; type is not null; type = type.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && IsDictionaryDefinition(type.GetGenericTypeDefinition())
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && IsDictionaryDefinition(i.GetGenericTypeDefinition()));
        if (dictionary is null)
        {
            return null;
        }

        var arguments = dictionary.GetGenericArguments();
        return arguments[0] == typeof(string)
            ? arguments[1]
            : throw new NotSupportedException($"{type} has keys of type {arguments[0]}: JSON objects have string keys.");
    }

    private static bool IsDictionaryDefinition(Type definition) =>
        definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>);

    private static Type? ListItemType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is not null)
        {
            return enumerable.GetGenericArguments()[0];
        }

        return typeof(IEnumerable).IsAssignableFrom(type)
            ? throw new NotSupportedException($"{type} is a non-generic collection: its items have no schema.")
            : null;
    }

    private static V1JSONSchemaProps? WellKnownSchema(Type type)
    {
        if (type == typeof(string) || type == typeof(char))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long) || type == typeof(uint) || type == typeof(ulong))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(float))
        {
            return new V1JSONSchemaProps { Type = "number", Format = "float" };
        }

        if (type == typeof(double))
        {
            return new V1JSONSchemaProps { Type = "number", Format = "double" };
        }

        if (type == typeof(decimal))
        {
            return new V1JSONSchemaProps { Type = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(Guid))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "uuid" };
        }

        if (type == typeof(V1ObjectMeta))
        {
            // The API server owns metadata's schema; a CRD may only say that it is an object.
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (type == typeof(IntOrString))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true, Pattern = QuantityPattern };
        }

        if (type == typeof(V1Condition))
        {
            return ConditionSchema();
        }

        if (type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonObject) || type == typeof(object))
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        return null;
    }

    private const string QuantityPattern =
        "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    // metav1.Condition's validation, so that conditions are checked like those of built-in resources.
    private static V1JSONSchemaProps ConditionSchema() => new()
    {
        Type = "object",
        Description = "One aspect of the object's state at one moment (a Kubernetes metav1.Condition).",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "When the status last changed.",
            },
            ["message"] = new()
            {
                Type = "string",
                MaxLength = 32768,
                Description = "Details for people; may be empty.",
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "The metadata.generation the condition was set from.",
            },
            ["reason"] = new()
            {
                Type = "string",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "Why the status is what it is, as one CamelCase word.",
            },
            ["status"] = new()
            {
                Type = "string",
                EnumProperty = ["True", "False", "Unknown"],
                Description = "True, False or Unknown.",
            },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                Description = "The aspect the condition is about, in CamelCase.",
            },
        },
    };
}
