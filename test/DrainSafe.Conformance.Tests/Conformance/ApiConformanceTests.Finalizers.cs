using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    private const string Finalizer = "drainsafe.azure.com/finalizer";

    [SkippableFact]
    public async Task Deleting_an_object_with_a_finalizer_only_sets_deletionTimestamp_until_the_finalizer_is_removed()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("final");
        var withFinalizer = NodeMaintenance(name);
        withFinalizer["metadata"]!["finalizers"] = new JsonArray { Finalizer };
        var created = await CreateNodeMaintenanceAsync(withFinalizer);

        var deleted = await Http.DeleteApiAsync(NodeMaintenancePath(name), Ct);

        Assert.True(deleted.StatusCode == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(NodeMaintenanceCrd.Kind, deleted.Body["kind"]?.GetValue<string>());
        var terminating = await GetAsync(NodeMaintenancePath(name));
        Assert.False(string.IsNullOrEmpty(terminating["metadata"]!["deletionTimestamp"]?.GetValue<string>()));
        Assert.Equal(0, terminating["metadata"]!["deletionGracePeriodSeconds"]?.GetValue<long>());
        Assert.Equal(Generation(created) + 1, Generation(terminating));
        Assert.Equal([Finalizer], terminating["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));

        var removeFinalizer = new JsonArray
        {
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = ResourceVersion(terminating) },
            new JsonObject { ["op"] = "remove", ["path"] = "/metadata/finalizers" },
        };
        var patched = await Http.PatchApiAsync(NodeMaintenancePath(name), removeFinalizer, RawApi.JsonPatch, Ct);

        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
        await Eventually.HoldsAsync(
            async ct => (await Http.GetApiAsync(NodeMaintenancePath(name), ct)).StatusCode == HttpStatusCode.NotFound,
            "the NodeMaintenance to be gone once its finalizer is removed", Ct);
    }

    [SkippableFact]
    public async Task Terminating_object_cannot_gain_a_new_finalizer()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("nofinal");
        var withFinalizer = NodeMaintenance(name);
        withFinalizer["metadata"]!["finalizers"] = new JsonArray { Finalizer };
        await CreateNodeMaintenanceAsync(withFinalizer);
        Assert.Equal(HttpStatusCode.OK, (await Http.DeleteApiAsync(NodeMaintenancePath(name), Ct)).StatusCode);

        var addFinalizer = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray { Finalizer, "example.com/late" } } };
        var response = await Http.PatchApiAsync(NodeMaintenancePath(name), addFinalizer, RawApi.MergePatch, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Contains("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted", status["message"]!.GetValue<string>());

        var clear = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } };
        Assert.Equal(HttpStatusCode.OK, (await Http.PatchApiAsync(NodeMaintenancePath(name), clear, RawApi.MergePatch, Ct)).StatusCode);
    }

    [SkippableFact]
    public async Task Deleting_an_object_without_finalizers_removes_it_at_once()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("gone");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));

        var deleted = await Http.DeleteApiAsync(NodeMaintenancePath(name), Ct);

        Assert.True(deleted.StatusCode == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetApiAsync(NodeMaintenancePath(name), Ct)).StatusCode);
        var again = await Http.DeleteApiAsync(NodeMaintenancePath(name), Ct);
        StatusAssert.Failure(again, HttpStatusCode.NotFound, "NotFound", $"{NodeMaintenanceCrd.Name} \"{name}\" not found");
    }
}
