using System.Text.Json;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>One parsed line of a watch stream.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <param name="Kind">The event type.</param>
/// <param name="Entity">The object for Added, Modified and Deleted; null otherwise.</param>
/// <param name="ResourceVersion">The resourceVersion to resume from after this event, if it carried one.</param>
/// <param name="Status">The Status object of an Error event.</param>
public sealed record WatchEvent<TEntity>(WatchEventKind Kind, TEntity? Entity, string? ResourceVersion, V1Status? Status)
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Parses one line: <c>{"type": ..., "object": {...}}</c>.</summary>
    /// <param name="line">A non-empty line of the stream.</param>
    /// <exception cref="JsonException">The line is not a watch event.</exception>
    public static WatchEvent<TEntity> Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("object", out var objectElement) || objectElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A watch event needs a string \"type\" and an \"object\".");
        }

        var raw = objectElement.GetRawText();
        switch (typeElement.GetString())
        {
            case "ADDED":
            case "MODIFIED":
            case "DELETED":
                var entity = KubernetesJson.Deserialize<TEntity>(raw);
                var kind = typeElement.GetString() switch
                {
                    "ADDED" => WatchEventKind.Added,
                    "MODIFIED" => WatchEventKind.Modified,
                    _ => WatchEventKind.Deleted,
                };
                return new(kind, entity, entity.Metadata?.ResourceVersion, null);
            case "BOOKMARK":
                var version = objectElement.TryGetProperty("metadata", out var metadata)
                    && metadata.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String
                    ? rv.GetString()
                    : null;
                return new(WatchEventKind.Bookmark, null, version, null);
            case "ERROR":
                return new(WatchEventKind.Error, null, null, KubernetesJson.Deserialize<V1Status>(raw));
            default:
                throw new JsonException($"Unknown watch event type \"{typeElement.GetString()}\".");
        }
    }
}
