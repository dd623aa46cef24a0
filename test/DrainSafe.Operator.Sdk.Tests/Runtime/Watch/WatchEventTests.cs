using System.Net;
using System.Text.Json;
using DrainSafe.Operator.Sdk.Watch;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Watch;

public sealed class WatchEventTests
{
    [Fact]
    public void A_modified_line_yields_the_typed_entity_and_its_resource_version()
    {
        const string line = """{"type":"MODIFIED","object":{"apiVersion":"test.drainsafe.azure.com/v1","kind":"Widget","metadata":{"name":"w1","resourceVersion":"42","generation":3},"spec":{"size":"large"},"status":{"phase":"Ready"}}}""";

        var parsed = WatchEvent<Widget>.Parse(line);

        Assert.Equal(WatchEventKind.Modified, parsed.Kind);
        Assert.Equal("42", parsed.ResourceVersion);
        Assert.Equal("w1", parsed.Entity!.Metadata.Name);
        Assert.Equal(3, parsed.Entity.Metadata.Generation);
        Assert.Equal("large", parsed.Entity.Spec.Size);
        Assert.Equal("Ready", parsed.Entity.Status.Phase);
    }

    [Fact]
    public void A_bookmark_carries_only_its_resource_version()
    {
        var parsed = WatchEvent<Widget>.Parse("""{"type":"BOOKMARK","object":{"kind":"Widget","apiVersion":"test.drainsafe.azure.com/v1","metadata":{"resourceVersion":"77"}}}""");

        Assert.Equal(WatchEventKind.Bookmark, parsed.Kind);
        Assert.Equal("77", parsed.ResourceVersion);
        Assert.Null(parsed.Entity);
    }

    [Fact]
    public void An_expired_error_event_carries_its_410_status()
    {
        var parsed = WatchEvent<Widget>.Parse("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 2 (116)","reason":"Expired","code":410}}""");

        Assert.Equal(WatchEventKind.Error, parsed.Kind);
        Assert.Equal((int)HttpStatusCode.Gone, parsed.Status!.Code);
        Assert.Equal("Expired", parsed.Status.Reason);
    }

    [Theory]
    [InlineData("""{"object":{}}""")]
    [InlineData("""{"type":"SOMETHING","object":{}}""")]
    [InlineData("not json")]
    public void A_line_that_is_not_a_watch_event_is_refused(string line) =>
        Assert.ThrowsAny<JsonException>(() => WatchEvent<Widget>.Parse(line));
}
