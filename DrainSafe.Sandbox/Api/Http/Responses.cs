using System.Buffers;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Api.Tables;
using Microsoft.AspNetCore.Http;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>Writes answers: stored JSON bytes as they are, lists streamed from the stored bytes, Status, Tables.</summary>
internal static class Responses
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly byte[] ItemsSeparator = ","u8.ToArray();

    public static Task WriteJsonAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> json)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    public static Task WriteJsonAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return WriteJsonAsync(context, statusCode, buffer.WrittenMemory);
    }

    public static Task WriteStatusAsync(HttpContext context, ApiStatus status) =>
        WriteJsonAsync(context, status.Code, status.ToJsonBytes());

    public static Task WriteTextAsync(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>Streams <c>{"kind":"XList",...,"items":[...]}</c> straight from the stored bytes.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceType resource, ListResult list)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var header = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", resource.ListKind);
            writer.WriteString("apiVersion", resource.ApiVersion);
            WriteListMetadata(writer, list);
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            writer.Flush();
        }

        var body = response.BodyWriter;
        body.Write(header.WrittenSpan);
        var pending = header.WrittenCount;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(ItemsSeparator);
            }

            var json = list.Items[i].Json;
            body.Write(json.Span);
            pending += json.Length + 1;
            if (pending >= FlushThreshold)
            {
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                pending = 0;
            }
        }

        body.Write("]}"u8);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteTableAsync(HttpContext context, ResourceType resource, IEnumerable<StoredObject> objects,
        IncludeObject include, DateTimeOffset now, ListResult? list = null) =>
        WriteJsonAsync(context, 200, writer => TableWriter.Write(writer, resource, objects, include, now,
            list?.ResourceVersion, list?.Continue, list?.RemainingItemCount));

    private static void WriteListMetadata(Utf8JsonWriter writer, ListResult list)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", ObjectMetadataText(list.ResourceVersion));
        if (list.Continue is not null)
        {
            writer.WriteString("continue", list.Continue);
        }

        if (list.RemainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
    }

    private static string ObjectMetadataText(long number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
