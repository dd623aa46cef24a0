using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary><c>dryRun=All</c> (kubectl <c>--dry-run=server</c>): validated and answered as if written, but nothing changes.</summary>
public sealed class DryRunTests : SandboxServerTest
{
    protected override async Task ArrangeAsync()
    {
        await Client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
    }

    [Fact]
    public async Task Dry_run_create_answers_the_object_but_stores_nothing()
    {
        var before = Server.Store.CurrentResourceVersion;

        var (status, body) = await Http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=All",
            "{\"metadata\":{\"name\":\"settings\"},\"data\":{\"mode\":\"fast\"}}");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("fast", (string?)body!["data"]!["mode"]);
        Assert.False(string.IsNullOrEmpty((string?)body["metadata"]!["uid"]));
        Assert.Null(body["metadata"]!["resourceVersion"]);
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
        Assert.Equal(before, Server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Dry_run_create_still_refuses_a_taken_name_and_an_invalid_custom_resource()
    {
        await TestObjects.CreateCrdAsync(Client);
        var invalid = TestObjects.NodeMaintenance("nm-1", eventType: "Explode");

        var (taken, _) = await Http.SendAsync(HttpMethod.Post, "/api/v1/nodes?dryRun=All", "{\"metadata\":{\"name\":\"node-1\"}}");
        var (rejected, body) = await Http.SendAsync(HttpMethod.Post,
            $"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}?dryRun=All", invalid.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected);
        Assert.Equal("Invalid", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Dry_run_patch_and_update_answer_the_change_but_keep_the_stored_node()
    {
        var node = await Client.CoreV1.ReadNodeAsync("node-1");

        var patched = await Client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.StrategicMergePatch),
            "node-1", dryRun: "All");
        node.Metadata.Labels = new Dictionary<string, string> { ["pool"] = "a" };
        var replaced = await Client.CoreV1.ReplaceNodeAsync(node, "node-1", dryRun: "All");

        var stored = await Client.CoreV1.ReadNodeAsync("node-1");
        Assert.True(patched.Spec.Unschedulable);
        Assert.Equal("a", replaced.Metadata.Labels["pool"]);
        Assert.Null(stored.Spec.Unschedulable);
        Assert.Null(stored.Metadata.Labels);
        Assert.Equal(node.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Dry_run_delete_answers_as_if_deleted_but_the_object_stays()
    {
        var before = Server.Store.CurrentResourceVersion;

        var (byQuery, _) = await Http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1?dryRun=All");
        var (byBody, _) = await Http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1", "{\"dryRun\":[\"All\"]}");

        Assert.Equal(HttpStatusCode.OK, byQuery);
        Assert.Equal(HttpStatusCode.OK, byBody);
        Assert.NotNull(await Client.CoreV1.ReadNodeAsync("node-1"));
        Assert.Equal(before, Server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Dry_run_delete_of_an_object_with_a_finalizer_shows_the_deletion_timestamp_without_setting_it()
    {
        await Client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}", V1Patch.PatchType.MergePatch),
            "node-1");

        var (status, body) = await Http.SendAsync(HttpMethod.Delete, "/api/v1/nodes/node-1?dryRun=All");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["metadata"]!["deletionTimestamp"]);
        Assert.Null((await Client.CoreV1.ReadNodeAsync("node-1")).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_dry_run_value_other_than_All_is_422_Invalid()
    {
        var (status, body) = await Http.SendAsync(HttpMethod.Post, "/api/v1/nodes?dryRun=Some", "{\"metadata\":{\"name\":\"node-2\"}}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value", (string?)body!["message"]);
        Assert.Single((await Client.CoreV1.ListNodeAsync()).Items);
    }
}
