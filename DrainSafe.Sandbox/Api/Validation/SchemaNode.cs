using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrainSafe.Sandbox.Api.Validation.Rules;

namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>One node of a CRD's openAPIV3Schema, read once so validation, pruning and defaulting walk typed data.</summary>
internal sealed class SchemaNode
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private SchemaNode(JsonObject source)
    {
        Source = source;
    }

    public JsonObject Source { get; }

    public string? Type { get; private init; }

    public bool Nullable { get; private init; }

    public string? Format { get; private init; }

    public string? Pattern { get; private init; }

    /// <summary>The compiled pattern; null when absent or when it does not compile (<see cref="PatternError"/>).</summary>
    public Regex? PatternRegex { get; private init; }

    public string? PatternError { get; private init; }

    public double? Maximum { get; private init; }

    public bool ExclusiveMaximum { get; private init; }

    public double? Minimum { get; private init; }

    public bool ExclusiveMinimum { get; private init; }

    public double? MultipleOf { get; private init; }

    public long? MaxLength { get; private init; }

    public long? MinLength { get; private init; }

    public long? MaxItems { get; private init; }

    public long? MinItems { get; private init; }

    public long? MaxProperties { get; private init; }

    public long? MinProperties { get; private init; }

    public JsonArray? Enum { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    /// <summary>Declared properties in schema order.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> PropertyList { get; private init; } = [];

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; private init; } = new Dictionary<string, SchemaNode>();

    public SchemaNode? Items { get; private init; }

    public SchemaNode? AdditionalProperties { get; private init; }

    /// <summary><c>additionalProperties: true</c>: any key is allowed, with no schema for its value.</summary>
    public bool AdditionalPropertiesAllowAny { get; private init; }

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesForbidden { get; private init; }

    /// <summary>The default value; null when there is none (a JSON null default counts as none, as in Kubernetes).</summary>
    public JsonNode? Default { get; private init; }

    public bool PreserveUnknownFields { get; private init; }

    public bool IntOrString { get; private init; }

    public bool EmbeddedResource { get; private init; }

    public string? ListType { get; private init; }

    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    public string? MapType { get; private init; }

    public IReadOnlyList<SchemaNode> AllOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> AnyOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> OneOf { get; private init; } = [];

    public SchemaNode? Not { get; private init; }

    public IReadOnlyList<ValidationRule> Rules { get; private init; } = [];

    /// <summary>The compiled rules, in the order of <see cref="Rules"/>; filled by <see cref="CustomResourceSchema"/>.</summary>
    public List<CompiledRule> CompiledRules { get; } = [];

    /// <summary>The JSON types a value may have: the type, or integer and string for int-or-string.</summary>
    public IReadOnlyList<string> AllowedTypes => IntOrString
        ? ["integer", "string"]
        : string.IsNullOrEmpty(Type) ? [] : [Type];

    /// <summary>Whether old and new values of this map's keys correspond (x-kubernetes-map-type is not atomic).</summary>
    public bool MapIsCorrelatable => MapType is null or "granular";

    public static SchemaNode Parse(JsonObject source)
    {
        var properties = new List<KeyValuePair<string, SchemaNode>>();
        if (source["properties"] is JsonObject declared)
        {
            foreach (var (name, value) in declared)
            {
                if (value is JsonObject property)
                {
                    properties.Add(new(name, Parse(property)));
                }
            }
        }

        var pattern = JsonValues.StringOrNull(source["pattern"]);
        Regex? regex = null;
        string? patternError = null;
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException e)
            {
                patternError = e.Message;
            }
        }

        return new SchemaNode(source)
        {
            Type = JsonValues.StringOrNull(source["type"]),
            Nullable = JsonValues.IsTrue(source["nullable"]),
            Format = JsonValues.StringOrNull(source["format"]),
            Pattern = pattern,
            PatternRegex = regex,
            PatternError = patternError,
            Maximum = Number(source["maximum"]),
            ExclusiveMaximum = JsonValues.IsTrue(source["exclusiveMaximum"]),
            Minimum = Number(source["minimum"]),
            ExclusiveMinimum = JsonValues.IsTrue(source["exclusiveMinimum"]),
            MultipleOf = Number(source["multipleOf"]),
            MaxLength = Integer(source["maxLength"]),
            MinLength = Integer(source["minLength"]),
            MaxItems = Integer(source["maxItems"]),
            MinItems = Integer(source["minItems"]),
            MaxProperties = Integer(source["maxProperties"]),
            MinProperties = Integer(source["minProperties"]),
            Enum = source["enum"] as JsonArray,
            Required = Strings(source["required"]),
            PropertyList = properties,
            Properties = properties.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
            Items = source["items"] is JsonObject items ? Parse(items) : null,
            AdditionalProperties = source["additionalProperties"] is JsonObject additional ? Parse(additional) : null,
            AdditionalPropertiesAllowAny = JsonValues.IsTrue(source["additionalProperties"]),
            AdditionalPropertiesForbidden = source["additionalProperties"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.False,
            Default = source["default"]?.DeepClone(),
            PreserveUnknownFields = JsonValues.IsTrue(source["x-kubernetes-preserve-unknown-fields"]),
            IntOrString = JsonValues.IsTrue(source["x-kubernetes-int-or-string"]),
            EmbeddedResource = JsonValues.IsTrue(source["x-kubernetes-embedded-resource"]),
            ListType = JsonValues.StringOrNull(source["x-kubernetes-list-type"]),
            ListMapKeys = Strings(source["x-kubernetes-list-map-keys"]),
            MapType = JsonValues.StringOrNull(source["x-kubernetes-map-type"]),
            AllOf = Schemas(source["allOf"]),
            AnyOf = Schemas(source["anyOf"]),
            OneOf = Schemas(source["oneOf"]),
            Not = source["not"] is JsonObject not ? Parse(not) : null,
            Rules = source["x-kubernetes-validations"] is JsonArray rules
                ? rules.OfType<JsonObject>().Select(ValidationRule.Parse).ToList()
                : [],
        };
    }

    /// <summary>Visits this node and every node below it (properties, items, additionalProperties).</summary>
    public IEnumerable<SchemaNode> DescendantsAndSelf()
    {
        yield return this;
        var children = PropertyList.Select(pair => pair.Value)
            .Concat(Items is null ? [] : [Items])
            .Concat(AdditionalProperties is null ? [] : [AdditionalProperties]);
        foreach (var child in children)
        {
            foreach (var node in child.DescendantsAndSelf())
            {
                yield return node;
            }
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? JsonValues.ToDouble(value) : null;

    private static long? Integer(JsonNode? node) =>
        node is JsonValue value && JsonValues.TryGetInt64(value, out var number) ? number : null;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(JsonValues.StringOrNull).OfType<string>().ToList() : [];

    private static IReadOnlyList<SchemaNode> Schemas(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>().Select(Parse).ToList() : [];
}
