using System.Text.Json;

namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>Reads an approval body: <c>{"StartRequests":[{"EventId":"..."}, ...]}</c>.</summary>
internal static class StartRequestsBody
{
    /// <summary>
    /// The EventIds of a well-formed body: an object whose StartRequests is a non-empty array of objects, each with a
    /// non-blank string EventId (property names compared case-insensitively). Anything else is malformed (400).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out IReadOnlyList<string> eventIds)
    {
        eventIds = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !TryGetProperty(document.RootElement, "StartRequests", out var requests)
                || requests.ValueKind != JsonValueKind.Array
                || requests.GetArrayLength() == 0)
            {
                return false;
            }

            var ids = new List<string>();
            foreach (var request in requests.EnumerateArray())
            {
                if (request.ValueKind != JsonValueKind.Object
                    || !TryGetProperty(request, "EventId", out var eventId)
                    || eventId.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(eventId.GetString()))
                {
                    return false;
                }

                ids.Add(eventId.GetString()!);
            }

            eventIds = ids;
            return true;
        }
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
