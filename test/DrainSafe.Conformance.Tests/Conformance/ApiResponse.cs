using System.Net;
using System.Text.Json.Nodes;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>A raw API answer: status code, body text and the body parsed as JSON (null when empty or not JSON).</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Text">The body as received.</param>
/// <param name="ContentType">The Content-Type media type, if any.</param>
public sealed record ApiResponse(HttpStatusCode StatusCode, string Text, string? ContentType)
{
    /// <summary>The body parsed as a JSON object, or null.</summary>
    public JsonObject? Json { get; } = TryParse(Text);

    /// <summary>The JSON body; fails the test with the raw answer when there is none.</summary>
    public JsonObject Body => Json ?? throw new Xunit.Sdk.XunitException($"Expected a JSON object body, got {(int)StatusCode}: {Text}");

    /// <inheritdoc />
    public override string ToString() => $"{(int)StatusCode} {StatusCode}: {Text}";

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
