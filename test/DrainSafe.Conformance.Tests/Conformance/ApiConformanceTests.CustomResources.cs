using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Custom_resource_create_get_list_and_update_round_trip()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("crud");

        var created = await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        Assert.Equal(NodeMaintenanceCrd.ApiVersion, created["apiVersion"]?.GetValue<string>());
        Assert.Equal(NodeMaintenanceCrd.Kind, created["kind"]?.GetValue<string>());
        Assert.Equal(1, Generation(created));
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["uid"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["creationTimestamp"]?.GetValue<string>()));

        var read = await GetAsync(NodeMaintenancePath(name));
        Assert.True(JsonNode.DeepEquals(created, read), $"GET differs from the create answer: {read}");

        var list = await GetAsync(NodeMaintenanceCrd.CollectionPath);
        Assert.Equal(NodeMaintenanceCrd.Kind + "List", list["kind"]?.GetValue<string>());
        Assert.Equal(NodeMaintenanceCrd.ApiVersion, list["apiVersion"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(list["metadata"]?["resourceVersion"]?.GetValue<string>()));
        Assert.Contains(list["items"]!.AsArray(), item => item!["metadata"]!["name"]!.GetValue<string>() == name);

        read["spec"]!["documentIncarnation"] = 2;
        var updated = await Http.PutApiAsync(NodeMaintenancePath(name), read, Ct);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, updated.ToString());
        Assert.Equal(2, updated.Body["spec"]!["documentIncarnation"]!.GetValue<int>());
        Assert.Equal(2, Generation(updated.Body));
        Assert.NotEqual(ResourceVersion(created), ResourceVersion(updated.Body));
    }

    [SkippableFact]
    public async Task Stale_resource_version_update_gets_409_Conflict()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("stale");
        var stale = await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var fresh = stale.DeepClone().AsObject();
        fresh["spec"]!["documentIncarnation"] = 2;
        Assert.Equal(HttpStatusCode.OK, (await Http.PutApiAsync(NodeMaintenancePath(name), fresh, Ct)).StatusCode);

        stale["spec"]!["documentIncarnation"] = 3;
        var response = await Http.PutApiAsync(NodeMaintenancePath(name), stale, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on {NodeMaintenanceCrd.Name} \"{name}\": the object has been modified; " +
            "please apply your changes to the latest version and try again");
        StatusAssert.Details(status, name, NodeMaintenanceCrd.Group, NodeMaintenanceCrd.Plural);
        Assert.Equal(2, (await GetAsync(NodeMaintenancePath(name)))["spec"]!["documentIncarnation"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Creating_an_existing_name_gets_409_AlreadyExists()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("twice");
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));

        var response = await Http.PostApiAsync(NodeMaintenanceCrd.CollectionPath, NodeMaintenance(name), Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.Conflict, "AlreadyExists",
            $"{NodeMaintenanceCrd.Name} \"{name}\" already exists");
        StatusAssert.Details(status, name, NodeMaintenanceCrd.Group, NodeMaintenanceCrd.Plural);
    }

    [SkippableFact]
    public async Task Reading_a_missing_custom_resource_gets_404_NotFound()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("nope");

        var response = await Http.GetApiAsync(NodeMaintenancePath(name), Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.NotFound, "NotFound", $"{NodeMaintenanceCrd.Name} \"{name}\" not found");
        StatusAssert.Details(status, name, NodeMaintenanceCrd.Group, NodeMaintenanceCrd.Plural);
    }

    [SkippableFact]
    public async Task Reading_a_missing_node_gets_404_NotFound_without_a_group()
    {
        Backend.RequireAvailable();
        var name = UniqueName("nope");

        var response = await Http.GetApiAsync($"/api/v1/nodes/{name}", Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.NotFound, "NotFound", $"nodes \"{name}\" not found");
        StatusAssert.Details(status, name, string.Empty, "nodes");
    }

    [SkippableFact]
    public async Task Schema_violations_get_422_Invalid_with_one_cause_per_field()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var name = UniqueName("invalid");
        var bad = NodeMaintenance(name);
        bad["spec"]!["events"]![0]!["eventType"] = "Explode";
        bad["spec"]!.AsObject().Remove("nodeName");

        var response = await Http.PostApiAsync(NodeMaintenanceCrd.CollectionPath, bad, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        var message = status["message"]!.GetValue<string>();
        // kube-apiserver v1.20 names a list item's field without its index (spec.events.eventType); newer servers,
        // and the sandbox that follows them, with it (spec.events[0].eventType). Both are real answers.
        var eventType = message.Contains("spec.events[0].eventType", StringComparison.Ordinal) ? "spec.events[0].eventType" : "spec.events.eventType";
        foreach (var part in new[]
        {
            $"{NodeMaintenanceCrd.Kind}.{NodeMaintenanceCrd.Group} \"{name}\" is invalid: [",
            $"{eventType}: Unsupported value: \"Explode\": supported values: \"Unknown\", \"Freeze\", \"Reboot\", \"Redeploy\", \"Preempt\", \"Terminate\"",
            "spec.nodeName: Required value",
        })
        {
            Assert.True(message.Contains(part, StringComparison.Ordinal), $"The message lacks '{part}': {message}");
        }

        StatusAssert.Details(status, name, NodeMaintenanceCrd.Group, NodeMaintenanceCrd.Kind);
        StatusAssert.HasCause(status, $"FieldValueNotSupported at {eventType}",
            c => c["reason"]?.GetValue<string>() == "FieldValueNotSupported" && c["field"]?.GetValue<string>() == eventType);
        StatusAssert.HasCause(status, "FieldValueRequired at spec.nodeName",
            c => c["reason"]?.GetValue<string>() == "FieldValueRequired" && c["field"]?.GetValue<string>() == "spec.nodeName");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetApiAsync(NodeMaintenancePath(name), Ct)).StatusCode);
    }
}
