using System.Text.Json.Serialization;

namespace DrainSafe.Agent.Imds;

/// <summary>The scheduled events document as IMDS sends it (api-version 2020-07-01); every field optional so that a gap is seen, not guessed.</summary>
internal sealed record ImdsDocumentJson
{
    public long? DocumentIncarnation { get; init; }

    public List<ImdsEventJson?>? Events { get; init; }
}

/// <summary>One event as IMDS sends it; text stays text so unknown values survive (ScheduledEvent.FromImds maps them).</summary>
internal sealed record ImdsEventJson
{
    public string? EventId { get; init; }

    public string? EventType { get; init; }

    public string? ResourceType { get; init; }

    public List<string>? Resources { get; init; }

    public string? EventStatus { get; init; }

    public string? NotBefore { get; init; }

    public string? Description { get; init; }

    public string? EventSource { get; init; }

    public int? DurationInSeconds { get; init; }
}

/// <summary>The approval body: <c>{"StartRequests":[{"EventId":"..."}]}</c>.</summary>
internal sealed record StartRequestsJson(List<StartRequestJson> StartRequests);

/// <summary>One approval entry.</summary>
internal sealed record StartRequestJson(string EventId);

/// <summary>Source-generated serialization of the IMDS documents (no reflection, ready for NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ImdsDocumentJson))]
[JsonSerializable(typeof(StartRequestsJson))]
internal sealed partial class ImdsJsonContext : JsonSerializerContext;
