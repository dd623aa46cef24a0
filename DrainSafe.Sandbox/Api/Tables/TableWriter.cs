using System.Globalization;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Api.Tables;

/// <summary>Writes <c>meta.k8s.io/v1</c> Table answers (kubectl get) for lists, single objects and watch events.</summary>
public static class TableWriter
{
    /// <summary>Writes a Table of the objects.</summary>
    public static void Write(Utf8JsonWriter writer, ResourceType resource, IEnumerable<StoredObject> objects, IncludeObject include, DateTimeOffset now,
        long? resourceVersion = null, string? continueToken = null, long? remaining = null, bool withColumns = true)
    {
        var columns = ColumnSets.For(resource);
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", "meta.k8s.io/v1");
        writer.WriteStartObject("metadata");
        if (resourceVersion is { } version)
        {
            writer.WriteString("resourceVersion", version.ToString(CultureInfo.InvariantCulture));
        }

        if (continueToken is not null)
        {
            writer.WriteString("continue", continueToken);
        }

        if (remaining is { } count)
        {
            writer.WriteNumber("remainingItemCount", count);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("columnDefinitions");
        if (withColumns)
        {
            foreach (var column in columns)
            {
                var definition = column.Definition;
                writer.WriteStartObject();
                writer.WriteString("name", definition.Name);
                writer.WriteString("type", definition.Type);
                writer.WriteString("format", definition.Format);
                writer.WriteString("description", definition.Description);
                writer.WriteNumber("priority", definition.Priority);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var obj in objects)
        {
            WriteRow(writer, columns, obj, include, now);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, IReadOnlyList<TableColumn> columns, StoredObject obj, IncludeObject include, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(obj.Json);
        var root = document.RootElement;
        writer.WriteStartObject();
        writer.WriteStartArray("cells");
        foreach (var column in columns)
        {
            switch (column.Cell(root, now))
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                case double number:
                    writer.WriteNumberValue(number);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case var other:
                    writer.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndArray();
        switch (include)
        {
            case IncludeObject.Metadata:
                writer.WriteStartObject("object");
                writer.WriteString("kind", "PartialObjectMetadata");
                writer.WriteString("apiVersion", "meta.k8s.io/v1");
                writer.WritePropertyName("metadata");
                if (root.TryGetProperty("metadata", out var metadata))
                {
                    metadata.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                break;
            case IncludeObject.Object:
                writer.WritePropertyName("object");
                root.WriteTo(writer);
                break;
        }

        writer.WriteEndObject();
    }
}
