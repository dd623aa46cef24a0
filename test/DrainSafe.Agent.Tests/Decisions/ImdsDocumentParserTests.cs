using DrainSafe.Agent.Imds;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class ImdsDocumentParserTests
{
    private const string Document = """
        {"DocumentIncarnation":2,"Events":[{"EventId":"C7061BAC-AFDC-4513-B24B-AA5F13A16123","EventStatus":"Scheduled","EventType":"Freeze",
        "ResourceType":"VirtualMachine","Resources":["WestNO_0","WestNO_1"],"NotBefore":"Mon, 11 Apr 2022 22:26:58 GMT",
        "Description":"Live Migration.","EventSource":"Platform","DurationInSeconds":5}]}
        """;

    [Fact]
    public void A_complete_document_gives_its_incarnation_and_events()
    {
        var snapshot = ImdsDocumentParser.TryParse(Document, out var problem);

        Assert.Null(problem);
        Assert.Equal(2, snapshot!.DocumentIncarnation);
        var e = Assert.Single(snapshot.Events);
        Assert.Equal("C7061BAC-AFDC-4513-B24B-AA5F13A16123", e.EventId);
        Assert.Equal(ScheduledEventType.Freeze, e.EventType);
        Assert.Equal(ScheduledEventStatus.Scheduled, e.EventStatus);
        Assert.Equal(["WestNO_0", "WestNO_1"], e.Resources);
        Assert.Equal(new DateTimeOffset(2022, 4, 11, 22, 26, 58, TimeSpan.Zero), e.NotBefore);
        Assert.Equal(5, e.DurationInSeconds);
    }

    [Fact]
    public void A_document_without_events_is_an_empty_list()
    {
        Assert.Empty(ImdsDocumentParser.TryParse("""{"DocumentIncarnation":1,"Events":[]}""", out _)!.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("""{"DocumentIncarnation":2,"Events":[{"EventId":"C706""")]
    [InlineData("<html>gateway error</html>")]
    [InlineData("""{"DocumentIncarnation":2}""")]
    [InlineData("""{"Events":[]}""")]
    [InlineData("""{"DocumentIncarnation":2,"Events":[{"EventType":"Reboot"}]}""")]
    [InlineData("null")]
    public void An_empty_truncated_or_incomplete_body_is_rejected_never_read_as_no_events(string body)
    {
        Assert.Null(ImdsDocumentParser.TryParse(body, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Unknown_types_and_statuses_are_kept_as_they_came()
    {
        var snapshot = ImdsDocumentParser.TryParse(
            """{"DocumentIncarnation":4,"Events":[{"EventId":"X","EventType":"LiveMigrate","EventStatus":"Paused","Resources":["vm"],"NotBefore":""}]}""", out _);

        var e = Assert.Single(snapshot!.Events);
        Assert.Equal(ScheduledEventType.Unknown, e.EventType);
        Assert.Equal("LiveMigrate", e.UnrecognizedValues![ImdsFieldNames.EventType]);
        Assert.Equal("Paused", e.UnrecognizedValues[ImdsFieldNames.EventStatus]);
        Assert.Null(e.NotBefore);
    }
}
