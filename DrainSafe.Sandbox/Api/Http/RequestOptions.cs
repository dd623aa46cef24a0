using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Api.Tables;
using Microsoft.AspNetCore.Http;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>Reads the query parameters, headers and bodies of API requests.</summary>
internal static class RequestOptions
{
    public static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1";

    public static ListOptions List(HttpRequest request, string? @namespace) => new()
    {
        Namespace = @namespace,
        LabelSelector = request.Query["labelSelector"],
        FieldSelector = request.Query["fieldSelector"],
        Limit = Integer(request, "limit") is { } limit ? (int)Math.Clamp(limit, 0, int.MaxValue) : 0,
        Continue = request.Query["continue"],
        ResourceVersion = NullIfEmpty(request.Query["resourceVersion"]),
        ResourceVersionMatch = NullIfEmpty(request.Query["resourceVersionMatch"]),
    };

    public static WatchOptions Watch(HttpRequest request, string? @namespace) => new()
    {
        Namespace = @namespace,
        LabelSelector = request.Query["labelSelector"],
        FieldSelector = request.Query["fieldSelector"],
        ResourceVersion = request.Query["resourceVersion"],
        AllowBookmarks = request.Query["allowWatchBookmarks"].ToString() is "true" or "1",
    };

    public static TimeSpan? WatchTimeout(HttpRequest request) =>
        Integer(request, "timeoutSeconds") is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    public static WriteOptions Write(HttpRequest request, string? subresource, UserInfo user) => new()
    {
        Subresource = subresource,
        User = user,
        StrictFieldValidation = string.Equals(request.Query["fieldValidation"], "Strict", StringComparison.OrdinalIgnoreCase),
        DryRun = IsDryRun(request.Query["dryRun"], request.Method switch
        {
            "POST" => "CreateOptions",
            "PUT" => "UpdateOptions",
            _ => "PatchOptions",
        }),
    };

    /// <summary>The Table flavour asked for by the Accept header, or null for plain JSON.</summary>
    public static IncludeObject? Table(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (!accept.Contains("as=Table", StringComparison.Ordinal))
        {
            return null;
        }

        return request.Query["includeObject"].ToString() switch
        {
            "None" => IncludeObject.None,
            "Object" => IncludeObject.Object,
            _ => IncludeObject.Metadata,
        };
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ProtobufBodies.IsProtobuf(request.ContentType))
        {
            return ProtobufBodies.Decode(await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false));
        }

        var node = await ReadNodeAsync(request, cancellationToken).ConfigureAwait(false);
        return node as JsonObject ?? throw ApiErrors.BadRequest("the body of the request must be a JSON object");
    }

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>DeleteOptions from the body (if any) and the query string.</summary>
    public static async Task<DeleteOptions> DeleteAsync(HttpRequest request, CancellationToken cancellationToken, JsonObject? body = null)
    {
        body ??= await ReadNodeAsync(request, cancellationToken, allowEmpty: true).ConfigureAwait(false) as JsonObject;
        var options = new DeleteOptions
        {
            GracePeriodSeconds = (long?)(body?["gracePeriodSeconds"] as JsonValue) ?? Integer(request, "gracePeriodSeconds"),
            PreconditionUid = (string?)body?["preconditions"]?["uid"],
            PreconditionResourceVersion = (string?)body?["preconditions"]?["resourceVersion"],
            PropagationPolicy = (string?)body?["propagationPolicy"] ?? NullIfEmpty(request.Query["propagationPolicy"]),
            DryRun = IsDryRun(body?["dryRun"] is JsonArray dryRun
                ? [.. request.Query["dryRun"], .. dryRun.Select(d => d is JsonValue v && v.TryGetValue<string>(out var text) ? text : d?.ToJsonString())]
                : request.Query["dryRun"], "DeleteOptions"),
        };
        if (options.PropagationPolicy is null && (bool?)(body?["orphanDependents"] as JsonValue) == true)
        {
            options = options with { PropagationPolicy = "Orphan" };
        }

        return options;
    }

    private static async Task<JsonNode?> ReadNodeAsync(HttpRequest request, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        CheckJsonBody(request);
        var bytes = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return allowEmpty ? null : throw ApiErrors.BadRequest("the body of the request is empty");
        }

        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ApiErrors.BadRequest($"the body of the request could not be decoded as JSON: {ex.Message}");
        }
    }

    /// <summary>Refuses bodies that are neither JSON nor (where decoded) protobuf with 415 UnsupportedMediaType.</summary>
    private static void CheckJsonBody(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        if (mediaType.Length > 0 && mediaType != "application/json" && !mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            throw ApiErrors.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: application/json (got \"{mediaType}\")");
        }
    }

    /// <summary>True for <c>dryRun=All</c>; any other value is a 422 naming the options kind, as the real server answers.</summary>
    private static bool IsDryRun(IReadOnlyList<string?> values, string optionsKind)
    {
        var given = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (given.Any(v => v != "All"))
        {
            throw ApiErrors.InvalidOptions(optionsKind, [new StatusCause("FieldValueNotSupported",
                $"Unsupported value: []string{{{string.Join(", ", given.Select(v => $"\"{v}\""))}}}: supported values: \"All\"", "dryRun")]);
        }

        return given.Count > 0;
    }

    private static long? Integer(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiErrors.BadRequest($"{name}: Invalid value: \"{text}\": must be an integer");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
