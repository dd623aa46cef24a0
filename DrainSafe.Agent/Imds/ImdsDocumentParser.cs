using System.Text.Json;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Imds;

/// <summary>
/// Reads a scheduled events document. Anything that is not a complete document (empty, truncated, not JSON, no
/// DocumentIncarnation, no Events array, an event without EventId) is rejected: it is "no new information", never
/// "no events".
/// </summary>
public static class ImdsDocumentParser
{
    /// <summary>Parses <paramref name="body"/>; returns null with the reason when it is not a complete document.</summary>
    public static ImdsSnapshot? TryParse(string? body, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            problem = "empty body";
            return null;
        }

        ImdsDocumentJson? document;
        try
        {
            document = JsonSerializer.Deserialize(body, ImdsJsonContext.Default.ImdsDocumentJson);
        }
        catch (JsonException e)
        {
            problem = "not a JSON document: " + e.Message;
            return null;
        }

        if (document?.DocumentIncarnation is not { } incarnation || document.Events is not { } events)
        {
            problem = "DocumentIncarnation or Events missing";
            return null;
        }

        var parsed = new List<ScheduledEvent>(events.Count);
        foreach (var e in events)
        {
            if (e is null || string.IsNullOrWhiteSpace(e.EventId))
            {
                problem = "an event without EventId";
                return null;
            }

            parsed.Add(ScheduledEvent.FromImds(e.EventId, e.EventType, e.EventStatus, e.Resources, e.NotBefore, e.Description, e.EventSource, e.DurationInSeconds));
        }

        problem = null;
        return new ImdsSnapshot(incarnation, parsed);
    }
}
