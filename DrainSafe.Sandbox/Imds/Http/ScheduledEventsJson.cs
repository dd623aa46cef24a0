using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>Writes documents and error answers in IMDS's JSON: Azure's field names and order, compact.</summary>
internal static class ScheduledEventsJson
{
    // Descriptions are plain prose; escaping apostrophes or '+' as \u0027 would not be what Azure sends.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ImdsDocument document, DocumentShape shape)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("DocumentIncarnation", document.DocumentIncarnation);
            writer.WriteStartArray("Events");
            foreach (var scheduledEvent in document.Events)
            {
                WriteEvent(writer, scheduledEvent, shape);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(string message, IReadOnlyList<string>? newestVersions = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            if (newestVersions is not null)
            {
                writer.WriteStartArray("newest-versions");
                foreach (var version in newestVersions)
                {
                    writer.WriteStringValue(version);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEvent(Utf8JsonWriter writer, ImdsScheduledEvent scheduledEvent, DocumentShape shape)
    {
        writer.WriteStartObject();
        writer.WriteString("EventId", scheduledEvent.EventId);
        writer.WriteString("EventStatus", scheduledEvent.EventStatus == ImdsEventStatus.Started ? "Started" : "Scheduled");
        writer.WriteString("EventType", scheduledEvent.EventType);
        writer.WriteString("ResourceType", scheduledEvent.ResourceType);
        writer.WriteStartArray("Resources");
        foreach (var resource in scheduledEvent.Resources)
        {
            writer.WriteStringValue(resource);
        }

        writer.WriteEndArray();
        writer.WriteString("NotBefore", scheduledEvent.NotBefore?.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture) ?? "");
        writer.WriteString("Description", scheduledEvent.Description);
        if (shape != DocumentShape.WithoutDurationAndSource)
        {
            writer.WriteString("EventSource", scheduledEvent.EventSource);
        }

        if (shape == DocumentShape.Full)
        {
            writer.WriteNumber("DurationInSeconds", scheduledEvent.DurationInSeconds);
        }

        writer.WriteEndObject();
    }
}
