using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary><c>dryRun=All</c> (kubectl <c>--dry-run=server</c>): validated and answered as if written, but nothing changes.</summary>
public sealed class DryRunTests : IAsyncLifetime
{
    private SandboxApiServer _server = null!;
    private Kubernetes _client = null!;
    private ApiHttp _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestObjects.StartAsync();
        _client = _server.CreateClient();
        _http = new ApiHttp(_server.BaseAddress);
        await _client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Dry_run_create_answers_the_object_but_stores_nothing()
    {
        var before = _server.Store.CurrentResourceVersion;

        var (status, body) = await _http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=All",
            "{\"metadata\":{\"name\":\"settings\"},\"data\":{\"mode\":\"fast\"}}");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("fast", (string?)body!["data"]!["mode"]);
        Assert.False(string.IsNullOrEmpty((string?)body["metadata"]!["uid"]));
        Assert.Null(body["metadata"]!["resourceVersion"]);
        Assert.Empty((await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
        Assert.Equal(before, _server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Dry_run_create_still_refuses_a_taken_name_and_an_invalid_custom_resource()
    {
        await TestObjects.CreateCrdAsync(_client);
        var invalid = TestObjects.NodeMaintenance("nm-1", eventType: "Explode");

        var (taken, _) = await _http.SendAsync(HttpMethod.Post, "/api/v1/nodes?dryRun=All", "{\"metadata\":{\"name\":\"node-1\"}}");
        var (rejected, body) = await _http.SendAsync(HttpMethod.Post,
            $"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}?dryRun=All", invalid.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected);
        Assert.Equal("Invalid", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Dry_run_patch_and_update_answer_the_change_but_keep_the_stored_node()
    {
        var node = await _client.CoreV1.ReadNodeAsync("node-1");

        var patched = await _client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.StrategicMergePatch),
            "node-1", dryRun: "All");
        node.Metadata.Labels = new Dictionary<string, string> { ["pool"] = "a" };
        var replaced = await _client.CoreV1.ReplaceNodeAsync(node, "node-1", dryRun: "All");

        var stored = await _client.CoreV1.ReadNodeAsync("node-1");
        Assert.True(patched.Spec.Unschedulable);
        Assert.Equal("a", replaced.Metadata.Labels["pool"]);
        Assert.Null(stored.Spec.Unschedulable);
        Assert.Null(stored.Metadata.Labels);
        Assert.Equal(node.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Dry_run_delete_answers_as_if_deleted_but_the_object_stays()
    {
        var before = _server.Store.CurrentResourceVersion;

        var (byQuery, _) = await _http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1?dryRun=All");
        var (byBody, _) = await _http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1", "{\"dryRun\":[\"All\"]}");

        Assert.Equal(HttpStatusCode.OK, byQuery);
        Assert.Equal(HttpStatusCode.OK, byBody);
        Assert.NotNull(await _client.CoreV1.ReadNodeAsync("node-1"));
        Assert.Equal(before, _server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Dry_run_delete_of_an_object_with_a_finalizer_shows_the_deletion_timestamp_without_setting_it()
    {
        await _client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}", V1Patch.PatchType.MergePatch),
            "node-1");

        var (status, body) = await _http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1?dryRun=All");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["metadata"]!["deletionTimestamp"]);
        Assert.Null((await _client.CoreV1.ReadNodeAsync("node-1")).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_dry_run_value_other_than_All_is_422_Invalid()
    {
        var (status, body) = await _http.SendAsync(HttpMethod.Post, "/api/v1/nodes?dryRun=Some", "{\"metadata\":{\"name\":\"node-2\"}}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value", (string?)body!["message"]);
        Assert.Single((await _client.CoreV1.ListNodeAsync()).Items);
    }
}
