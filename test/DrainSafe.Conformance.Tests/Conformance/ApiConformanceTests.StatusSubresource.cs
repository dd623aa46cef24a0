using System.Net;
using System.Text.Json.Nodes;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Main_resource_writes_ignore_status_and_spec_changes_bump_generation()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("main");
        var created = NodeMaintenance(name);
        created["status"] = new JsonObject { ["state"] = "NodeDraining" };

        var stored = await CreateNodeMaintenanceAsync(created);
        Assert.Null(stored["status"]);

        stored["status"] = new JsonObject { ["state"] = "NodeDrained" };
        stored["spec"]!["documentIncarnation"] = 5;
        var updated = await Http.PutApiAsync(NodeMaintenancePath(name), stored, Ct);

        Assert.True(updated.StatusCode == HttpStatusCode.OK, updated.ToString());
        Assert.Null(updated.Body["status"]);
        Assert.Equal(5, updated.Body["spec"]!["documentIncarnation"]!.GetValue<int>());
        Assert.Equal(2, Generation(updated.Body));
    }

    [SkippableFact]
    public async Task Status_writes_ignore_spec_changes_and_keep_the_generation()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("status");
        var stored = await CreateNodeMaintenanceAsync(NodeMaintenance(name));

        stored["status"] = new JsonObject { ["state"] = "NodeCordoned", ["observedGeneration"] = 1 };
        stored["spec"]!["documentIncarnation"] = 9;
        var updated = await Http.PutApiAsync(NodeMaintenancePath(name) + "/status", stored, Ct);

        Assert.True(updated.StatusCode == HttpStatusCode.OK, updated.ToString());
        Assert.Equal("NodeCordoned", updated.Body["status"]!["state"]!.GetValue<string>());
        Assert.Equal(1, updated.Body["spec"]!["documentIncarnation"]!.GetValue<int>());
        Assert.Equal(1, Generation(updated.Body));
        Assert.NotEqual(ResourceVersion(stored), ResourceVersion(updated.Body));

        var reread = await GetAsync(NodeMaintenancePath(name));
        Assert.Equal("NodeCordoned", reread["status"]!["state"]!.GetValue<string>());
        Assert.Equal(1, Generation(reread));
    }

    [SkippableFact]
    public async Task Merge_patch_of_status_changes_only_the_named_status_fields()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("statuspatch");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var operatorPatch = new JsonObject
        {
            ["status"] = new JsonObject { ["state"] = "NodeDrained", ["approvableEventIds"] = new JsonArray { "602D9444-D2CD-49C7-8624-8643E7171297" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await Http.PatchApiAsync(NodeMaintenancePath(name) + "/status", operatorPatch, RawApi.MergePatch, Ct)).StatusCode);

        var agentPatch = new JsonObject
        {
            ["status"] = new JsonObject { ["approvedEventIds"] = new JsonArray { "602D9444-D2CD-49C7-8624-8643E7171297" } },
        };
        var patched = await Http.PatchApiAsync(NodeMaintenancePath(name) + "/status", agentPatch, RawApi.MergePatch, Ct);

        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
        var status = patched.Body["status"]!;
        Assert.Equal("NodeDrained", status["state"]!.GetValue<string>());
        Assert.Single(status["approvableEventIds"]!.AsArray());
        Assert.Single(status["approvedEventIds"]!.AsArray());
        Assert.Equal(1, Generation(patched.Body));
    }
}
