using System.Globalization;
using System.Text.Json.Serialization;
using DrainSafe.Entities.Serialization;
using DrainSafe.Operator.Abstractions.Entities.Attributes;

namespace DrainSafe.Entities;

/// <summary>
/// One Azure scheduled event that lists the node's VM, as IMDS reported it. Part of the spec:
/// written only by the agent.
/// </summary>
/// <remarks>
/// Azure may add event types (or statuses, or sources) that this version does not know. They are
/// stored as <c>Unknown</c>, which the CRD's enums accept, and the agent keeps Azure's text in
/// <see cref="UnrecognizedValues"/>: the object is still written, nothing is lost silently, and the
/// operator can treat an unknown type with a safe default. Build events from IMDS text with
/// <see cref="FromImds"/>, which does exactly that.
/// </remarks>
[Description("A scheduled event that lists this VM, as Azure IMDS reported it.")]
public sealed record ScheduledEvent
{
    /// <summary>IMDS <c>EventId</c>: a GUID whose letter case varies; compare case-insensitively.</summary>
    [Required]
    [Length(minLength: 1)]
    [Description("The event's id (a GUID; letter case varies, compare case-insensitively). This is the id the agent posts to approve the event.")]
    public string EventId { get; set; } = string.Empty;

    /// <summary>IMDS <c>EventType</c>.</summary>
    [Required]
    [JsonConverter(typeof(UnknownTolerantEnumConverter<ScheduledEventType>))]
    [Description("What Azure will do to the VM: Freeze, Reboot, Redeploy, Preempt or Terminate. Unknown when this DrainSafe version does not know Azure's value; the value is then kept in unrecognizedValues.")]
    public ScheduledEventType EventType { get; set; }

    /// <summary>IMDS <c>EventStatus</c>.</summary>
    [Required]
    [JsonConverter(typeof(UnknownTolerantEnumConverter<ScheduledEventStatus>))]
    [Description("Scheduled (waiting for notBefore or approval) or Started. A finished or cancelled event leaves the list.")]
    public ScheduledEventStatus EventStatus { get; set; }

    /// <summary>IMDS <c>Resources</c>: every VM the event affects (approving it releases it for all of them).</summary>
    [Required]
    [Items(minItems: 1)]
    [Description("The VMs the event affects, this one among them. Approving the event releases it for every VM listed.")]
    public IList<string> Resources { get; set; } = [];

    /// <summary>IMDS <c>NotBefore</c> in UTC; null once the event has started (IMDS sends it empty then).</summary>
    [Description("The earliest time the event can start (UTC, RFC 3339). Absent once the event has started.")]
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>IMDS <c>Description</c>: free text, may be empty.</summary>
    [Description("Azure's description of the event; may be empty.")]
    public string Description { get; set; } = string.Empty;

    /// <summary>IMDS <c>EventSource</c>; <see cref="ScheduledEventSource.Unknown"/> when IMDS did not say.</summary>
    [JsonConverter(typeof(UnknownTolerantEnumConverter<ScheduledEventSource>))]
    [Description("Platform (Azure) or User (e.g. a restart from the portal). Unknown when IMDS did not say or sent a value this version does not know.")]
    public ScheduledEventSource EventSource { get; set; }

    /// <summary>IMDS <c>DurationInSeconds</c>: the expected interruption; 0 none, -1 unknown.</summary>
    [RangeMinimum(-1)]
    [Description("The expected interruption in seconds: 0 for none, -1 when unknown.")]
    public int DurationInSeconds { get; set; } = -1;

    /// <summary>
    /// IMDS values that this version could not map, keyed by IMDS field name (<see cref="ImdsFieldNames"/>),
    /// verbatim; null when every value was recognised.
    /// </summary>
    [Description("IMDS values this DrainSafe version did not recognise, verbatim, keyed by IMDS field name (EventType, EventStatus, EventSource, NotBefore). The matching field holds Unknown (or is absent, for NotBefore).")]
    public IDictionary<string, string>? UnrecognizedValues { get; set; }

    /// <summary>
    /// Builds an event from the text of an IMDS scheduled event. Values this version does not know
    /// become <c>Unknown</c> (or a null <see cref="NotBefore"/>) and are kept in <see cref="UnrecognizedValues"/>.
    /// </summary>
    /// <param name="eventId">IMDS <c>EventId</c>.</param>
    /// <param name="eventType">IMDS <c>EventType</c>.</param>
    /// <param name="eventStatus">IMDS <c>EventStatus</c>.</param>
    /// <param name="resources">IMDS <c>Resources</c>.</param>
    /// <param name="notBefore">IMDS <c>NotBefore</c> (RFC 1123, e.g. <c>Mon, 11 Apr 2022 22:26:58 GMT</c>); null or empty once started.</param>
    /// <param name="description">IMDS <c>Description</c>.</param>
    /// <param name="eventSource">IMDS <c>EventSource</c>; null for API versions before 2019-08-01.</param>
    /// <param name="durationInSeconds">IMDS <c>DurationInSeconds</c>; null for API versions before 2020-07-01.</param>
    public static ScheduledEvent FromImds(
        string eventId,
        string? eventType,
        string? eventStatus,
        IEnumerable<string>? resources,
        string? notBefore,
        string? description,
        string? eventSource,
        int? durationInSeconds)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        var unrecognized = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var scheduledEvent = new ScheduledEvent
        {
            EventId = eventId,
            EventType = Parse<ScheduledEventType>(eventType, ImdsFieldNames.EventType, unrecognized),
            EventStatus = Parse<ScheduledEventStatus>(eventStatus, ImdsFieldNames.EventStatus, unrecognized),
            Resources = resources?.ToList() ?? [],
            NotBefore = ParseNotBefore(notBefore, unrecognized),
            Description = description ?? string.Empty,
            EventSource = Parse<ScheduledEventSource>(eventSource, ImdsFieldNames.EventSource, unrecognized),
            DurationInSeconds = durationInSeconds ?? -1,
        };
        if (unrecognized.Count > 0)
        {
            scheduledEvent.UnrecognizedValues = unrecognized;
        }

        return scheduledEvent;
    }

    private static TEnum Parse<TEnum>(string? text, string field, IDictionary<string, string> unrecognized)
        where TEnum : struct, Enum
    {
        if (!UnknownTolerantEnumConverter<TEnum>.TryParse(text, out var value) && !string.IsNullOrWhiteSpace(text))
        {
            unrecognized[field] = text;
        }

        return value;
    }

    private static DateTimeOffset? ParseNotBefore(string? text, IDictionary<string, string> unrecognized)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // IMDS sends RFC 1123 ("r"); anything else that reads as an absolute time is accepted as UTC.
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text.Trim(), "r", CultureInfo.InvariantCulture, utc, out var rfc1123)
            || DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, utc, out rfc1123))
        {
            return rfc1123.ToUniversalTime();
        }

        unrecognized[ImdsFieldNames.NotBefore] = text;
        return null;
    }
}
