using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class PatchTests : IAsyncLifetime
{
    private DrainSafe.Sandbox.Api.SandboxApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestObjects.StartAsync();
        _client = _server.CreateClient();
        await _client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1", new Dictionary<string, string> { ["keep"] = "yes" }));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Merge_patch_sets_and_removes_fields()
    {
        await Patch("{\"metadata\":{\"labels\":{\"pool\":\"a\"}},\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.MergePatch);
        var node = await Patch("{\"metadata\":{\"labels\":{\"keep\":null}}}", V1Patch.PatchType.MergePatch);

        Assert.Equal(new Dictionary<string, string> { ["pool"] = "a" }, node.Metadata.Labels);
        Assert.True(node.Spec.Unschedulable);
    }

    [Fact]
    public async Task Json_patch_applies_operations_in_order()
    {
        var node = await Patch("""
            [{"op":"test","path":"/metadata/labels/keep","value":"yes"},
             {"op":"add","path":"/metadata/labels/pool","value":"a"},
             {"op":"replace","path":"/metadata/labels/keep","value":"no"},
             {"op":"add","path":"/spec/taints","value":[]},
             {"op":"add","path":"/spec/taints/-","value":{"key":"k","effect":"NoSchedule"}}]
            """, V1Patch.PatchType.JsonPatch);

        Assert.Equal("a", node.Metadata.Labels["pool"]);
        Assert.Equal("no", node.Metadata.Labels["keep"]);
        Assert.Equal("k", Assert.Single(node.Spec.Taints).Key);
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_is_a_422_Invalid_and_changes_nothing()
    {
        var before = await _client.CoreV1.ReadNodeAsync("node-1");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Patch(
            "[{\"op\":\"test\",\"path\":\"/metadata/labels/keep\",\"value\":\"no\"},{\"op\":\"remove\",\"path\":\"/metadata/labels/keep\"}]",
            V1Patch.PatchType.JsonPatch));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var body = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.Equal("the server rejected our request due to an error in our request", (string?)body["message"]);
        Assert.Null(body["details"]);
        Assert.Equal(before.Metadata.ResourceVersion, (await _client.CoreV1.ReadNodeAsync("node-1")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Strategic_merge_patch_cordons_and_uncordons_like_kubectl()
    {
        var cordoned = await Patch("{\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.StrategicMergePatch);
        var uncordoned = await Patch("{\"spec\":{\"unschedulable\":null}}", V1Patch.PatchType.StrategicMergePatch);

        Assert.True(cordoned.Spec.Unschedulable);
        Assert.Null(uncordoned.Spec.Unschedulable);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_finalizers_as_a_set_and_deletes_from_primitive_lists()
    {
        await Patch("{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}", V1Patch.PatchType.StrategicMergePatch);
        var merged = await Patch("{\"metadata\":{\"finalizers\":[\"b\",\"c\"]}}", V1Patch.PatchType.StrategicMergePatch);
        var removed = await Patch("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}}", V1Patch.PatchType.StrategicMergePatch);

        Assert.Equal(["a", "b", "c"], merged.Metadata.Finalizers);
        Assert.Equal(["b", "c"], removed.Metadata.Finalizers);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_conditions_by_type_in_the_patch_order()
    {
        var node = await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(
            "{\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"False\"}]}}",
            V1Patch.PatchType.StrategicMergePatch), "node-1");

        // apimachinery orders the items the patch names by the patch, so the merged Ready follows MemoryPressure.
        Assert.Equal(["MemoryPressure:False", "Ready:False"], node.Status.Conditions.Select(c => $"{c.Type}:{c.Status}"));
    }

    [Fact]
    public async Task Strategic_merge_patch_puts_new_finalizers_before_the_live_ones()
    {
        await Patch("{\"metadata\":{\"finalizers\":[\"example.com/first\"]}}", V1Patch.PatchType.StrategicMergePatch);

        var node = await Patch("{\"metadata\":{\"finalizers\":[\"example.com/second\"]}}", V1Patch.PatchType.StrategicMergePatch);

        Assert.Equal(["example.com/second", "example.com/first"], node.Metadata.Finalizers);
    }

    [Fact]
    public async Task Strategic_merge_patch_keeps_live_items_in_place_around_items_the_patch_names()
    {
        await Patch("{\"metadata\":{\"finalizers\":[\"a\",\"b\",\"c\"]}}", V1Patch.PatchType.StrategicMergePatch);

        var node = await Patch("{\"metadata\":{\"finalizers\":[\"c\",\"new\"]}}", V1Patch.PatchType.StrategicMergePatch);

        // Live-only a and b come before c (their live order); the new item follows the patch's c.
        Assert.Equal(["a", "b", "c", "new"], node.Metadata.Finalizers);
    }

    [Fact]
    public async Task Strategic_merge_patch_with_set_element_order_orders_a_merged_list()
    {
        await Patch("{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}", V1Patch.PatchType.StrategicMergePatch);

        var node = await Patch("{\"metadata\":{\"$setElementOrder/finalizers\":[\"b\",\"c\",\"a\"],\"finalizers\":[\"c\"]}}",
            V1Patch.PatchType.StrategicMergePatch);

        Assert.Equal(["b", "c", "a"], node.Metadata.Finalizers);
    }

    [Fact]
    public async Task Strategic_merge_patch_puts_a_new_condition_before_the_live_ones()
    {
        var node = await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(
            "{\"status\":{\"conditions\":[{\"type\":\"DiskPressure\",\"status\":\"False\"}]}}",
            V1Patch.PatchType.StrategicMergePatch), "node-1");

        Assert.Equal(["DiskPressure", "Ready"], node.Status.Conditions.Select(c => c.Type));
    }

    [Fact]
    public async Task A_node_created_without_a_spec_gets_an_empty_one_so_a_json_patch_can_add_to_it()
    {
        using var http = new ApiHttp(_server.BaseAddress);
        var (created, body) = await http.SendAsync(HttpMethod.Post, "/api/v1/nodes", "{\"metadata\":{\"name\":\"bare\"}}");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("{}", body!["spec"]?.ToJsonString());

        var (patched, after) = await http.SendAsync(HttpMethod.Patch, "/api/v1/nodes/bare",
            "[{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":true}]", "application/json-patch+json");
        var (_, cleared) = await http.SendAsync(HttpMethod.Patch, "/api/v1/nodes/bare", "{\"spec\":null}", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.True((bool)after!["spec"]!["unschedulable"]!);
        Assert.Equal("{}", cleared!["spec"]?.ToJsonString());
    }

    [Fact]
    public async Task A_pod_and_a_lease_get_an_empty_spec_but_a_config_map_gets_none()
    {
        using var http = new ApiHttp(_server.BaseAddress);

        var (_, lease) = await http.SendAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/default/leases",
            "{\"metadata\":{\"name\":\"lock\"}}");
        var (_, configMap) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            "{\"metadata\":{\"name\":\"settings\"}}");

        Assert.Equal("{}", lease!["spec"]?.ToJsonString());
        Assert.Null(configMap!["spec"]);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name_and_honours_patch_delete()
    {
        var pod = TestObjects.Pod("web-1");
        pod.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "sidecar:1" });
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        var patched = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""
            {"spec":{"containers":[{"name":"app","image":"registry.example/app:2"},{"name":"sidecar","$patch":"delete"}]}}
            """, V1Patch.PatchType.StrategicMergePatch), "web-1", "default");

        var container = Assert.Single(patched.Spec.Containers);
        Assert.Equal("registry.example/app:2", container.Image);
    }

    [Fact]
    public async Task Strategic_merge_patch_honours_retain_keys_and_set_element_order()
    {
        await Patch("{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}", V1Patch.PatchType.StrategicMergePatch);

        var reordered = await Patch("{\"metadata\":{\"$setElementOrder/finalizers\":[\"b\",\"a\"]}}", V1Patch.PatchType.StrategicMergePatch);
        var node = await Patch("""
            {"status":{"nodeInfo":{"$retainKeys":["osImage"],"osImage":"linux"}}}
            """, V1Patch.PatchType.StrategicMergePatch, status: true);

        Assert.Equal(["b", "a"], reordered.Metadata.Finalizers);
        Assert.Equal("linux", node.Status.NodeInfo.OsImage);
        Assert.Null(node.Status.NodeInfo.KubeletVersion);
    }

    [Fact]
    public async Task Server_side_apply_is_415_Unsupported_Media_Type_with_a_clear_message()
    {
        using var http = new ApiHttp(_server.BaseAddress);

        var (status, body) = await http.SendAsync(HttpMethod.Patch, "/api/v1/nodes/node-1?fieldManager=test",
            "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"}}", "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UnsupportedMediaType", (string?)body!["reason"]);
        Assert.Contains("server-side apply", (string?)body["message"]);
    }

    [Fact]
    public async Task Strategic_merge_patch_of_a_custom_resource_is_415()
    {
        await TestObjects.CreateCrdAsync(_client);
        await TestObjects.CreateNodeMaintenanceAsync(_client, TestObjects.NodeMaintenance("node-1"));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("{\"spec\":{\"nodeName\":\"x\"}}", V1Patch.PatchType.StrategicMergePatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, "node-1"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_404()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.PatchNodeAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Merge_patch_carrying_a_stale_resource_version_is_409()
    {
        var node = await _client.CoreV1.ReadNodeAsync("node-1");
        await Patch("{\"metadata\":{\"labels\":{\"x\":\"1\"}}}", V1Patch.PatchType.MergePatch);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Patch(
            $"{{\"metadata\":{{\"resourceVersion\":\"{node.Metadata.ResourceVersion}\",\"labels\":{{\"x\":\"2\"}}}}}}", V1Patch.PatchType.MergePatch));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    private Task<V1Node> Patch(string body, V1Patch.PatchType type, bool status = false) =>
        status
            ? _client.CoreV1.PatchNodeStatusAsync(new V1Patch(body, type), "node-1")
            : _client.CoreV1.PatchNodeAsync(new V1Patch(body, type), "node-1");
}
