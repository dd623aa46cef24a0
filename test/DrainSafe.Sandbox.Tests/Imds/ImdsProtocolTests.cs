using System.Net;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

public sealed class ImdsProtocolTests
{
    [Fact]
    public async Task Document_speaks_Azure_field_names_order_and_RFC1123_NotBefore()
    {
        await using var world = await ImdsTestWorld.StartAsync("WestNO_0", "WestNO_1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventId = "C7061BAC-AFDC-4513-B24B-AA5F13A16123",
            EventType = ImdsEventTypes.Freeze,
            Resources = ["WestNO_0", "WestNO_1"],
            Notice = TimeSpan.FromMinutes(15),
            Description = "Virtual machine is being paused because of a memory-preserving Live Migration operation.",
            DurationInSeconds = 5,
        });

        using var response = await world.GetAsync("WestNO_0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"DocumentIncarnation":2,"Events":[{"EventId":"C7061BAC-AFDC-4513-B24B-AA5F13A16123","EventStatus":"Scheduled","EventType":"Freeze","ResourceType":"VirtualMachine","Resources":["WestNO_0","WestNO_1"],"NotBefore":"Sat, 11 Apr 2026 22:15:00 GMT","Description":"Virtual machine is being paused because of a memory-preserving Live Migration operation.","EventSource":"Platform","DurationInSeconds":5}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_vm_without_events_gets_an_empty_list()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        var document = await world.GetDocumentAsync("vm1");

        Assert.Equal(1, document.GetProperty("DocumentIncarnation").GetInt64());
        Assert.Equal(0, document.GetProperty("Events").GetArrayLength());
    }

    [Theory]
    [InlineData("2019-08-01", true, false)]
    [InlineData("2019-01-01", false, false)]
    [InlineData("2020-07-01", true, true)]
    public async Task Older_api_versions_omit_the_fields_added_later(string apiVersion, bool hasEventSource, bool hasDuration)
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm1"] });

        var document = await world.GetDocumentAsync("vm1", $"metadata/scheduledevents?api-version={apiVersion}");

        var scheduledEvent = document.GetProperty("Events")[0];
        Assert.Equal(hasEventSource, scheduledEvent.TryGetProperty("EventSource", out _));
        Assert.Equal(hasDuration, scheduledEvent.TryGetProperty("DurationInSeconds", out _));
        Assert.Equal("Reboot", scheduledEvent.GetProperty("EventType").GetString());
    }

    [Fact]
    public async Task A_call_without_the_Metadata_header_gets_400()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        using var get = await world.GetAsync("vm1", metadataHeader: false);
        using var post = await world.PostAsync("vm1", """{"StartRequests":[]}""", metadataHeader: false);
        using var name = await world.GetAsync("vm1", "metadata/instance/compute/name?api-version=2021-02-01&format=text", metadataHeader: false);

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
        Assert.Contains("metadata header", await get.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("yes")]
    public async Task A_call_whose_Metadata_header_is_not_true_gets_400(string value)
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        using var request = new HttpRequestMessage(HttpMethod.Get, world.Url("vm1", ImdsTestWorld.ScheduledEventsPath));
        request.Headers.TryAddWithoutValidation("Metadata", value);

        using var response = await world.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata header", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_call_through_a_proxy_with_X_Forwarded_For_gets_400()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");
        using var request = new HttpRequestMessage(HttpMethod.Get, world.Url("vm1", ImdsTestWorld.ScheduledEventsPath));
        request.Headers.Add("Metadata", "true");
        request.Headers.Add("X-Forwarded-For", "10.0.0.4");

        using var response = await world.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("metadata/scheduledevents")]
    [InlineData("metadata/scheduledevents?api-version=")]
    [InlineData("metadata/scheduledevents?api-version=2021-02-01")]
    [InlineData("metadata/scheduledevents?api-version=2020-07-01&api-version=2019-08-01")]
    [InlineData("metadata/scheduledevents?api-version=latest")]
    [InlineData("metadata/instance/compute/name?format=text")]
    [InlineData("metadata/instance/compute/name?api-version=1999-01-01&format=text")]
    public async Task A_missing_or_unknown_api_version_gets_400_naming_the_newest_versions(string relative)
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        using var response = await world.GetAsync("vm1", relative);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("newest-versions", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_name_answers_the_vm_name_as_text()
    {
        await using var world = await ImdsTestWorld.StartAsync("aks-pool1-12345-vmss_3");

        using var response = await world.GetAsync("aks-pool1-12345-vmss_3", "metadata/instance/compute/name?api-version=2021-02-01&format=text");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("aks-pool1-12345-vmss_3", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Compute_name_without_format_text_gets_400()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        using var response = await world.GetAsync("vm1", "metadata/instance/compute/name?api-version=2021-02-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_vm_and_unknown_path_get_404_and_other_methods_get_405()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1");

        using var unknownVm = await world.GetAsync("vm9");
        using var unknownPath = await world.GetAsync("vm1", "metadata/identity/oauth2/token?api-version=2018-02-01");
        using var outsideVm = await world.Http.GetAsync(new Uri(world.Server.BaseAddress, "metadata/scheduledevents?api-version=2020-07-01"));
        using var put = new HttpRequestMessage(HttpMethod.Put, world.Url("vm1", ImdsTestWorld.ScheduledEventsPath));
        put.Headers.Add("Metadata", "true");
        using var putResponse = await world.Http.SendAsync(put);

        Assert.Equal(HttpStatusCode.NotFound, unknownVm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outsideVm.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, putResponse.StatusCode);
    }

    [Fact]
    public async Task Incarnation_changes_only_when_the_vms_list_changes()
    {
        await using var world = await ImdsTestWorld.StartAsync("vm1", "vm2");
        var initial = await world.GetIncarnationAsync("vm1");

        Assert.Equal(initial, await world.GetIncarnationAsync("vm1"));

        world.Simulator.ScheduleEvent(new ScheduledEventSpec { EventType = ImdsEventTypes.Reboot, Resources = ["vm2"] });
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(initial, await world.GetIncarnationAsync("vm1"));

        world.Simulator.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Freeze,
            Resources = ["vm1"],
            Notice = TimeSpan.FromMinutes(5),
            Duration = TimeSpan.FromSeconds(30),
        });
        var announced = await world.GetIncarnationAsync("vm1");
        Assert.NotEqual(initial, announced);

        world.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(announced, await world.GetIncarnationAsync("vm1"));

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var started = await world.GetIncarnationAsync("vm1");
        Assert.NotEqual(announced, started);

        world.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(started, await world.GetIncarnationAsync("vm1"));

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var removed = await world.GetDocumentAsync("vm1");
        Assert.NotEqual(started, removed.GetProperty("DocumentIncarnation").GetInt64());
        Assert.Equal(0, removed.GetProperty("Events").GetArrayLength());
    }
}
