using System.Buffers;
using System.Text;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Api.Tables;
using Microsoft.AspNetCore.Http;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>Streams a watch: HTTP 200, then one JSON event per line until timeout, client exit or close.</summary>
internal static class WatchStreamer
{
    private const int FlushThreshold = 64 * 1024;

    public static async Task StreamAsync(HttpContext context, WatchSubscription subscription, TimeSpan? timeout,
        IncludeObject? table, TimeProvider time)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        using var deadline = timeout is { } after ? new CancellationTokenSource(after, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var body = response.BodyWriter;
        var columnsSent = false;
        try
        {
            while (await subscription.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                var pending = 0;
                while (subscription.TryRead(out var watchEvent))
                {
                    var line = table is { } include && watchEvent.Object is not null
                        ? TableLine(watchEvent, include, time.GetUtcNow(), withColumns: !columnsSent)
                        : watchEvent.GetLine();
                    columnsSent |= table is not null && watchEvent.Object is not null;
                    body.Write(line);
                    pending += line.Length;
                    if (pending >= FlushThreshold)
                    {
                        // A long replay (initial ADDED events) goes out in chunks instead of piling up in memory.
                        await body.FlushAsync(linked.Token).ConfigureAwait(false);
                        pending = 0;
                    }
                }

                await body.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The timeoutSeconds deadline passed or the client went away: the stream simply ends.
        }

        if (subscription.CloseReason == WatchCloseReason.Dropped)
        {
            context.Abort();
        }
    }

    private static byte[] TableLine(WatchEvent watchEvent, IncludeObject include, DateTimeOffset now, bool withColumns)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        buffer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{watchEvent.TypeName}\",\"object\":"));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TableWriter.Write(writer, watchEvent.Resource, [watchEvent.Object!], include, now,
                resourceVersion: watchEvent.ResourceVersion, withColumns: withColumns);
        }

        buffer.Write("}\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
