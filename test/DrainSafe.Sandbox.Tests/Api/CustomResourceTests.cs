using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class CustomResourceTests
{
    private const string Items = $"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}";

    [Fact]
    public async Task Created_crd_is_established_with_accepted_names()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        await TestObjects.CreateCrdAsync(client);
        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(TestObjects.CrdName);

        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Equal("NodeMaintenance", crd.Status.AcceptedNames.Kind);
        Assert.Equal("NodeMaintenanceList", crd.Spec.Names.ListKind);
        Assert.Equal(["v1alpha1"], crd.Status.StoredVersions);
    }

    [Fact]
    public async Task Custom_resources_support_crud_and_name_the_group_in_errors()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);

        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(TestObjects.Group, TestObjects.Version, TestObjects.Plural);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.GetClusterCustomObjectAsync(TestObjects.Group, TestObjects.Version, TestObjects.Plural, "nope"));
        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() =>
            TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1")));

        Assert.Single(JsonNode.Parse(list.ToString()!)!["items"]!.AsArray());
        var notFound = JsonNode.Parse(missing.Response.Content)!;
        Assert.Equal("nodemaintenances.drainsafe.azure.com \"nope\" not found", (string?)notFound["message"]);
        Assert.Equal("drainsafe.azure.com", (string?)notFound["details"]!["group"]);
        Assert.Equal("nodemaintenances", (string?)notFound["details"]!["kind"]);
        Assert.Equal("nodemaintenances.drainsafe.azure.com \"node-1\" already exists",
            (string?)JsonNode.Parse(duplicate.Response.Content)!["message"]);
    }

    [Fact]
    public async Task Schema_violations_answer_422_Invalid_listing_every_cause()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        var bad = TestObjects.NodeMaintenance("bad", "Explode");
        bad["spec"]!.AsObject().Remove("nodeName");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => TestObjects.CreateNodeMaintenanceAsync(client, bad));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var body = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.StartsWith("NodeMaintenance.drainsafe.azure.com \"bad\" is invalid: [", (string?)body["message"]);
        Assert.Equal("NodeMaintenance", (string?)body["details"]!["kind"]);
        var causes = body["details"]!["causes"]!.AsArray().Select(c => $"{c!["reason"]} {c["field"]}").ToList();
        Assert.Contains("FieldValueNotSupported spec.events[0].eventType", causes);
        Assert.Contains("FieldValueRequired spec.nodeName", causes);
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_fields_and_default_validation_prunes_them()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        var withUnknown = TestObjects.NodeMaintenance("node-1");
        withUnknown["spec"]!["foo"] = "bar";

        var (strictStatus, strictBody) = await http.SendAsync(HttpMethod.Post, Items + "?fieldValidation=Strict", withUnknown.ToJsonString());
        var (status, created) = await http.SendAsync(HttpMethod.Post, Items, withUnknown.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, strictStatus);
        Assert.Contains("strict decoding error: unknown field \"spec.foo\"", (string?)strictBody!["message"]);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(created!["spec"]!["foo"]);
    }

    [Fact]
    public async Task Deleting_the_crd_removes_its_objects_and_stops_serving_them()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await TestObjects.CreateCrdAsync(client);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(TestObjects.CrdName);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Items)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/apis/{TestObjects.Group}/{TestObjects.Version}")).Status);
        await TestObjects.CreateCrdAsync(client);
        var list = await client.CustomObjects.ListClusterCustomObjectAsync(TestObjects.Group, TestObjects.Version, TestObjects.Plural);
        Assert.Empty(JsonNode.Parse(list.ToString()!)!["items"]!.AsArray());
    }

    [Fact]
    public async Task Invalid_crd_is_rejected_with_422()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(TestObjects.CrdYaml);
        crd.Metadata.Name = "wrong.name.example";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.StartsWith("CustomResourceDefinition.apiextensions.k8s.io \"wrong.name.example\" is invalid",
            (string?)JsonNode.Parse(error.Response.Content)!["message"]);
    }

    [Fact]
    public async Task Client_watch_of_custom_objects_sees_status_changes()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var states = new List<string?>();
        await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, cancellationToken: cancel.Token))
        {
            var obj = JsonNode.Parse(item.ToString()!)!;
            states.Add($"{type} {(string?)obj["status"]?["state"]}");
            if (states.Count == 1)
            {
                await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                    new V1Patch("{\"status\":{\"state\":\"NodeCordoned\"}}", V1Patch.PatchType.MergePatch),
                    TestObjects.Group, TestObjects.Version, TestObjects.Plural, "node-1");
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["Added ", "Modified NodeCordoned"], states);
    }
}
