using System.Net;
using System.Text.Json.Nodes;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Merge_patch_sets_and_removes_node_labels()
    {
        Backend.RequireAvailable();
        var name = UniqueName("merge");
        await CreateNodeAsync(Node(name, new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" }));
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"drop":null,"added":"yes"}}}""")!;

        var patched = await Http.PatchApiAsync($"/api/v1/nodes/{name}", patch, RawApi.MergePatch, Ct);

        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
        var labels = patched.Body["metadata"]!["labels"]!.AsObject();
        Assert.Equal(["added", "keep"], labels.Select(l => l.Key).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Strategic_merge_patch_cordons_a_node_and_merges_lists_that_merge_patch_replaces()
    {
        Backend.RequireAvailable();
        var name = UniqueName("smp");
        var node = Node(name);
        node["metadata"]!["finalizers"] = new JsonArray { "example.com/first" };
        await CreateNodeAsync(node);
        var patch = JsonNode.Parse("""{"spec":{"unschedulable":true},"metadata":{"finalizers":["example.com/second"]}}""")!;

        var strategic = await Http.PatchApiAsync($"/api/v1/nodes/{name}", patch, RawApi.StrategicMergePatch, Ct);

        Assert.True(strategic.StatusCode == HttpStatusCode.OK, strategic.ToString());
        Assert.True(strategic.Body["spec"]!["unschedulable"]!.GetValue<bool>());
        // kube-apiserver puts the patch's new items first.
        Assert.Equal(["example.com/second", "example.com/first"], Finalizers(strategic.Body));

        var merge = await Http.PatchApiAsync($"/api/v1/nodes/{name}", patch, RawApi.MergePatch, Ct);
        Assert.True(merge.StatusCode == HttpStatusCode.OK, merge.ToString());
        Assert.Equal(["example.com/second"], Finalizers(merge.Body));

        var clear = JsonNode.Parse("""{"spec":{"unschedulable":null},"metadata":{"finalizers":null}}""")!;
        var uncordoned = await Http.PatchApiAsync($"/api/v1/nodes/{name}", clear, RawApi.MergePatch, Ct);
        Assert.True(uncordoned.StatusCode == HttpStatusCode.OK, uncordoned.ToString());
        Assert.Null(uncordoned.Body["spec"]?["unschedulable"]);
    }

    [SkippableFact]
    public async Task Json_patch_with_a_passing_test_op_is_applied()
    {
        Backend.RequireAvailable();
        var name = UniqueName("jsonpatch");
        var node = await CreateNodeAsync(Node(name));
        Assert.True(node["spec"] is JsonObject, $"kube-apiserver answers a new Node with a spec object (at least {{}}), so /spec/... paths exist: {node}");
        var patch = new JsonArray
        {
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = ResourceVersion(node) },
            new JsonObject { ["op"] = "add", ["path"] = "/spec/unschedulable", ["value"] = true },
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { ["drainsafe.azure.com/maintenanceowner"] = "drainsafe" } },
        };

        var patched = await Http.PatchApiAsync($"/api/v1/nodes/{name}", patch, RawApi.JsonPatch, Ct);

        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
        Assert.True(patched.Body["spec"]!["unschedulable"]!.GetValue<bool>());
        Assert.Equal("drainsafe", patched.Body["metadata"]!["annotations"]!["drainsafe.azure.com/maintenanceowner"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Json_patch_with_a_failing_test_op_gets_422_and_changes_nothing()
    {
        Backend.RequireAvailable();
        var name = UniqueName("jsontest");
        var node = await CreateNodeAsync(Node(name));
        var patch = new JsonArray
        {
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = "1" },
            new JsonObject { ["op"] = "add", ["path"] = "/spec/unschedulable", ["value"] = true },
        };

        var response = await Http.PatchApiAsync($"/api/v1/nodes/{name}", patch, RawApi.JsonPatch, Ct);

        StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid",
            "the server rejected our request due to an error in our request");
        var after = await GetAsync($"/api/v1/nodes/{name}");
        Assert.Null(after["spec"]?["unschedulable"]);
        Assert.Equal(ResourceVersion(node), ResourceVersion(after));
    }

    [SkippableFact]
    public async Task Strategic_merge_patch_of_a_custom_resource_gets_415_UnsupportedMediaType()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("nosmp");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var patch = JsonNode.Parse("""{"spec":{"documentIncarnation":2}}""")!;

        var response = await Http.PatchApiAsync(NodeMaintenancePath(name), patch, RawApi.StrategicMergePatch, Ct);

        StatusAssert.Failure(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.Equal(1, (await GetAsync(NodeMaintenancePath(name)))["spec"]!["documentIncarnation"]!.GetValue<int>());
    }

    private static IEnumerable<string> Finalizers(JsonObject item) =>
        item["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>());
}
