using System.Text.Json.Serialization;
using DrainSafe.Entities.Serialization;
using DrainSafe.Operator.Abstractions.Entities.Attributes;

namespace DrainSafe.Entities;

/// <summary>
/// The event the operator is handling the node for, copied from the spec so that <c>kubectl get</c>
/// can show it (EVENT and NOT BEFORE columns). Written by the operator.
/// </summary>
[Description("The event DrainSafe is currently handling the node for, copied from spec.events for display.")]
public sealed record CurrentEvent
{
    /// <summary>The event's id, as in <see cref="ScheduledEvent.EventId"/>.</summary>
    [Description("The event's id, as in spec.events.")]
    public string EventId { get; set; } = string.Empty;

    /// <summary>The event's type.</summary>
    [JsonConverter(typeof(UnknownTolerantEnumConverter<ScheduledEventType>))]
    [AdditionalPrinterColumn("Event")]
    [Description("The event's type.")]
    public ScheduledEventType EventType { get; set; }

    /// <summary>The event's status.</summary>
    [JsonConverter(typeof(UnknownTolerantEnumConverter<ScheduledEventStatus>))]
    [Description("The event's status.")]
    public ScheduledEventStatus EventStatus { get; set; }

    /// <summary>
    /// The event's NotBefore. Shown as a string column: kubectl prints a <c>date</c> column as an age,
    /// and a time ahead as <c>&lt;invalid&gt;</c>.
    /// </summary>
    [AdditionalPrinterColumn("Not Before", Type = "string")]
    [Description("The event's notBefore (UTC, RFC 3339); absent once it has started.")]
    public DateTimeOffset? NotBefore { get; set; }
}
