using System.Text;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using k8s;

namespace DrainSafe.Sandbox.Api.Store;

/// <summary>One change of one object, shared by every watcher it is sent to; its wire form is built once.</summary>
public sealed class WatchEvent
{
    private byte[]? _line;

    internal WatchEvent(WatchEventType type, ResourceType resource, StoredObject? obj, long resourceVersion,
        StoredObject? previous = null, ApiStatus? error = null)
    {
        Type = type;
        Resource = resource;
        Object = obj;
        ResourceVersion = resourceVersion;
        Previous = previous;
        Error = error;
    }

    /// <summary>The event type.</summary>
    public WatchEventType Type { get; }

    /// <summary>The resource the event is about.</summary>
    public ResourceType Resource { get; }

    /// <summary>The object after the change (for DELETED: its last state); null for BOOKMARK and ERROR.</summary>
    public StoredObject? Object { get; }

    /// <summary>The resourceVersion the event carries.</summary>
    public long ResourceVersion { get; }

    /// <summary>The Status of an ERROR event.</summary>
    public ApiStatus? Error { get; }

    /// <summary>The object before the change (MODIFIED/DELETED), used to filter by selectors.</summary>
    internal StoredObject? Previous { get; }

    /// <summary>The wire name of the type (ADDED, MODIFIED, ...).</summary>
    public string TypeName => Type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    internal static WatchEvent Bookmark(ResourceType resource, long resourceVersion) =>
        new(WatchEventType.Bookmark, resource, null, resourceVersion);

    internal static WatchEvent Expired(ResourceType resource, long requested, long oldest) =>
        new(WatchEventType.Error, resource, null, 0, error: new ApiStatus(410, "Expired",
            $"too old resource version: {requested} ({oldest})"));

    internal WatchEvent WithType(WatchEventType type) => new(type, Resource, Object, ResourceVersion, Previous, Error);

    /// <summary>The newline-terminated JSON line of this event: <c>{"type":...,"object":...}</c>.</summary>
    internal byte[] GetLine() => _line ??= BuildLine();

    private byte[] BuildLine()
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"type\":\"{TypeName}\",\"object\":");
        var body = Type switch
        {
            WatchEventType.Error => Error!.ToJsonBytes(),
            WatchEventType.Bookmark => BookmarkObject(),
            _ => Object!.Json.ToArray(),
        };
        var line = new byte[prefix.Length + body.Length + 2];
        prefix.CopyTo(line, 0);
        body.CopyTo(line, prefix.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }

    private byte[] BookmarkObject()
    {
        using var buffer = new MemoryStream(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", Resource.Kind);
            writer.WriteString("apiVersion", Resource.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
