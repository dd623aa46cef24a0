using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using k8s;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>
/// One stored object: its serialized JSON (written once per write, served as is) and the few parsed fields
/// the store indexes and filters on. Immutable; a write replaces it.
/// </summary>
public sealed class StoredObject
{
    internal static readonly JsonSerializerOptions WriteOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private StoredObject(ResourceType resource, byte[] json, JsonObject source, long resourceVersion)
    {
        Resource = resource;
        Json = json;
        ResourceVersion = resourceVersion;
        var metadata = source["metadata"] as JsonObject;
        Name = (string?)metadata?["name"] ?? string.Empty;
        Namespace = resource.Namespaced ? (string?)metadata?["namespace"] : null;
        Uid = (string?)metadata?["uid"] ?? string.Empty;
        Labels = ReadStringMap(metadata?["labels"]);
        IsDeleting = metadata?["deletionTimestamp"] is not null;
        Finalizers = ReadStrings(metadata?["finalizers"]);
        OwnerUids = (metadata?["ownerReferences"] as JsonArray)?
            .Select(o => (string?)o?["uid"]).OfType<string>().ToArray() ?? [];
        if (resource.SelectableFields.Count > 0)
        {
            var fields = new Dictionary<string, string>(resource.SelectableFields.Count);
            foreach (var field in resource.SelectableFields)
            {
                if (ReadPath(source, field) is { } value)
                {
                    fields[field] = value;
                }
            }

            Fields = fields;
        }
    }

    /// <summary>The resource this object was written through.</summary>
    public ResourceType Resource { get; }

    /// <summary>The object's serialized UTF-8 JSON, including its current resourceVersion.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>metadata.name.</summary>
    public string Name { get; }

    /// <summary>metadata.namespace, or null for cluster-scoped objects.</summary>
    public string? Namespace { get; }

    /// <summary>metadata.uid.</summary>
    public string Uid { get; }

    /// <summary>metadata.resourceVersion as a number (the global counter at the write).</summary>
    public long ResourceVersion { get; }

    /// <summary>metadata.labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>True when metadata.deletionTimestamp is set.</summary>
    public bool IsDeleting { get; }

    /// <summary>metadata.finalizers.</summary>
    public IReadOnlyList<string> Finalizers { get; }

    /// <summary>The uids named by metadata.ownerReferences.</summary>
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>spec.nodeName for pods; null otherwise.</summary>
    public string? NodeName => Fields?.GetValueOrDefault("spec.nodeName");

    /// <summary>The storage key: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
    public string Key => Namespace is null ? Name : $"{Namespace}/{Name}";

    internal IReadOnlyDictionary<string, string>? Fields { get; }

    /// <summary>Parses a fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json.Span)!;

    /// <summary>Deserializes the object into a KubernetesClient model.</summary>
    public T Deserialize<T>() => KubernetesJson.Deserialize<T>(System.Text.Encoding.UTF8.GetString(Json.Span));

    /// <summary>The object's JSON as a string.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Json.Span);

    /// <summary>The value of a selectable field (metadata.name, metadata.namespace, or a resource-specific one).</summary>
    public string? FieldValue(string field) => field switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace ?? string.Empty,
        _ => Fields?.GetValueOrDefault(field),
    };

    internal static StoredObject Create(ResourceType resource, JsonObject obj, long resourceVersion)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(obj, WriteOptions);
        return new StoredObject(resource, bytes, obj, resourceVersion);
    }

    internal static string? ReadPath(JsonNode? node, string dottedPath)
    {
        foreach (var segment in dottedPath.Split('.'))
        {
            node = (node as JsonObject)?[segment];
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    private static IReadOnlyDictionary<string, string> ReadStringMap(JsonNode? node)
    {
        if (node is not JsonObject map || map.Count == 0)
        {
            return NoLabels;
        }

        var result = new Dictionary<string, string>(map.Count);
        foreach (var (key, value) in map)
        {
            result[key] = value is JsonValue v ? v.ToString() : string.Empty;
        }

        return result;
    }

    private static IReadOnlyList<string> ReadStrings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>().ToArray() : [];
}
