using DrainSafe.Entities;

namespace DrainSafe.Entities.Tests;

public sealed class ScheduledEventFromImdsTests
{
    [Fact]
    public void Known_values_are_mapped_and_RFC1123_NotBefore_is_read_as_UTC()
    {
        var scheduledEvent = ScheduledEvent.FromImds(
            "C7061BAC-AFDC-4513-B24B-AA5F13A16123", "Freeze", "Scheduled", ["WestNO_0", "WestNO_1"],
            "Mon, 11 Apr 2022 22:26:58 GMT", "Live migration.", "Platform", 5);

        Assert.Equal(ScheduledEventType.Freeze, scheduledEvent.EventType);
        Assert.Equal(ScheduledEventStatus.Scheduled, scheduledEvent.EventStatus);
        Assert.Equal(ScheduledEventSource.Platform, scheduledEvent.EventSource);
        Assert.Equal(new DateTimeOffset(2022, 4, 11, 22, 26, 58, TimeSpan.Zero), scheduledEvent.NotBefore);
        Assert.Equal(TimeSpan.Zero, scheduledEvent.NotBefore!.Value.Offset);
        Assert.Equal(["WestNO_0", "WestNO_1"], scheduledEvent.Resources);
        Assert.Equal(5, scheduledEvent.DurationInSeconds);
        Assert.Null(scheduledEvent.UnrecognizedValues);
    }

    [Fact]
    public void Unknown_event_type_becomes_Unknown_and_its_raw_value_is_kept()
    {
        var scheduledEvent = ScheduledEvent.FromImds(
            "C7061BAC-AFDC-4513-B24B-AA5F13A16123", "LiveMigrate", "Paused", ["vm_0"],
            "not a time", string.Empty, "Robot", 0);

        Assert.Equal(ScheduledEventType.Unknown, scheduledEvent.EventType);
        Assert.Equal(ScheduledEventStatus.Unknown, scheduledEvent.EventStatus);
        Assert.Equal(ScheduledEventSource.Unknown, scheduledEvent.EventSource);
        Assert.Null(scheduledEvent.NotBefore);
        Assert.Equal(
            new Dictionary<string, string>
            {
                [ImdsFieldNames.EventSource] = "Robot",
                [ImdsFieldNames.EventStatus] = "Paused",
                [ImdsFieldNames.EventType] = "LiveMigrate",
                [ImdsFieldNames.NotBefore] = "not a time",
            },
            scheduledEvent.UnrecognizedValues);
    }

    [Fact]
    public void Started_event_with_empty_NotBefore_and_fields_of_older_api_versions_is_not_unrecognised()
    {
        var scheduledEvent = ScheduledEvent.FromImds(
            "602D9444-D2CD-49C7-8624-8643E7171297", "Reboot", "Started", ["vm_0"], string.Empty, null, null, null);

        Assert.Null(scheduledEvent.NotBefore);
        Assert.Equal(ScheduledEventSource.Unknown, scheduledEvent.EventSource);
        Assert.Equal(-1, scheduledEvent.DurationInSeconds);
        Assert.Equal(string.Empty, scheduledEvent.Description);
        Assert.Null(scheduledEvent.UnrecognizedValues);
    }

    [Fact]
    public void Numeric_text_is_not_taken_for_an_enum_member()
    {
        var scheduledEvent = ScheduledEvent.FromImds(
            "602D9444-D2CD-49C7-8624-8643E7171297", "2", "Scheduled", ["vm_0"], "Mon, 11 Apr 2022 22:26:58 GMT", null, "Platform", -1);

        Assert.Equal(ScheduledEventType.Unknown, scheduledEvent.EventType);
        Assert.Equal("2", scheduledEvent.UnrecognizedValues![ImdsFieldNames.EventType]);
    }
}
