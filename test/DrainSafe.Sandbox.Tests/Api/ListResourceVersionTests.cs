using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>LIST at a resourceVersion: <c>resourceVersionMatch=Exact</c> reads the past, NotOlderThan the present, like kube-apiserver.</summary>
public sealed class ListResourceVersionTests : SandboxServerTest
{
    [Fact]
    public async Task Exact_list_answers_the_objects_as_they_were_at_that_resource_version()
    {
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("kept", new Dictionary<string, string> { ["v"] = "1" }));
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("deleted-later"));
        var then = Server.Store.CurrentResourceVersion;
        await Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"v\":\"2\"}}}", V1Patch.PatchType.MergePatch), "kept");
        await Client.CoreV1.DeleteNodeAsync("deleted-later");
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("created-later"));

        var (status, body, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={then}&resourceVersionMatch=Exact");
        var (_, now, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={then}&resourceVersionMatch=NotOlderThan");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(then.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)body!["metadata"]!["resourceVersion"]);
        Assert.Equal(["deleted-later", "kept"], Names(body));
        Assert.Equal("1", (string?)body["items"]![1]!["metadata"]!["labels"]!["v"]);
        Assert.Equal(["created-later", "kept"], Names(now!));
        Assert.Equal("2", (string?)now!["items"]![1]!["metadata"]!["labels"]!["v"]);
    }

    [Fact]
    public async Task Exact_list_from_a_compacted_resource_version_is_410_Expired()
    {
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var old = Server.Store.CurrentResourceVersion;
        await Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"v\":\"2\"}}}", V1Patch.PatchType.MergePatch), "node-1");
        var latest = Server.Store.CurrentResourceVersion;
        Server.Faults.ExpireWatchesBefore(latest);

        var (status, body, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={old}&resourceVersionMatch=Exact");
        var (legacyPaged, _, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={old}&limit=10");
        var (notOlderThan, _, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={old}&resourceVersionMatch=NotOlderThan");
        var (atLatest, _, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={latest}&resourceVersionMatch=Exact");

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("Expired", (string?)body!["reason"]);
        Assert.Equal("The resourceVersion for the provided list is too old.", (string?)body["message"]);
        Assert.Equal(410, (int)body["code"]!);
        Assert.Equal(HttpStatusCode.Gone, legacyPaged);
        Assert.Equal(HttpStatusCode.OK, notOlderThan);
        Assert.Equal(HttpStatusCode.OK, atLatest);
    }

    [Fact]
    public async Task Exact_list_beyond_the_history_the_store_keeps_is_410_Expired()
    {
        await using var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { WatchHistoryPerResource = 2 });
        var store = server.Store;
        store.Create(BuiltInResources.ConfigMaps, ConfigMap("a"));
        var old = store.CurrentResourceVersion;
        store.Create(BuiltInResources.ConfigMaps, ConfigMap("b"));
        store.Create(BuiltInResources.ConfigMaps, ConfigMap("c"));
        store.Create(BuiltInResources.ConfigMaps, ConfigMap("d"));

        var error = Assert.Throws<DrainSafe.Sandbox.Api.Errors.ApiException>(() => store.List(BuiltInResources.ConfigMaps,
            new ListOptions { ResourceVersion = old.ToString(System.Globalization.CultureInfo.InvariantCulture), ResourceVersionMatch = "Exact" }));

        Assert.Equal(410, error.Code);
    }

    [Fact]
    public async Task A_continue_token_whose_first_page_was_compacted_away_is_410_Expired()
    {
        foreach (var name in new[] { "node-1", "node-2", "node-3" })
        {
            await Client.CoreV1.CreateNodeAsync(TestObjects.Node(name));
        }

        var (_, first, _) = await Http.GetAsync("/api/v1/nodes?limit=1");
        var token = Uri.EscapeDataString((string)first!["metadata"]!["continue"]!);
        var (stillThere, _, _) = await Http.GetAsync($"/api/v1/nodes?limit=1&continue={token}");
        await Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"v\":\"2\"}}}", V1Patch.PatchType.MergePatch), "node-1");
        Server.Faults.ExpireWatchesBefore(Server.Store.CurrentResourceVersion);

        var (status, body, _) = await Http.GetAsync($"/api/v1/nodes?limit=1&continue={token}");
        var (fresh, _, _) = await Http.GetAsync("/api/v1/nodes?limit=1");

        Assert.Equal(HttpStatusCode.OK, stillThere);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("Expired", (string?)body!["reason"]);
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", (string?)body["message"]);
        Assert.Equal(HttpStatusCode.OK, fresh);
    }

    [Fact]
    public async Task A_list_at_a_resource_version_theServer_has_not_reached_is_504_Timeout()
    {
        var future = Server.Store.CurrentResourceVersion + 100;

        var (exact, body, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={future}&resourceVersionMatch=Exact");
        var (notOlderThan, _, _) = await Http.GetAsync($"/api/v1/nodes?resourceVersion={future}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, exact);
        Assert.Equal("Timeout", (string?)body!["reason"]);
        Assert.StartsWith($"Too large resource version: {future}, current: ", (string?)body["message"]);
        Assert.Equal(HttpStatusCode.GatewayTimeout, notOlderThan);
    }

    [Theory]
    [InlineData("resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("resourceVersion=1&resourceVersionMatch=Newest", "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    public async Task Contradictory_list_options_are_422_Invalid(string query, string expected)
    {
        var (status, body, _) = await Http.GetAsync($"/api/v1/nodes?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {expected}", (string?)body["message"]);
    }

    [Fact]
    public async Task Any_resource_version_zero_list_answers_the_newest_state()
    {
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var (status, body, _) = await Http.GetAsync("/api/v1/nodes?resourceVersion=0&limit=500");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["node-1"], Names(body!));
        Assert.Equal(Server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string?)body!["metadata"]!["resourceVersion"]);
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
    };

    private static List<string?> Names(JsonNode list) =>
        list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ToList();
}
