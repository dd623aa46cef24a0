using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Generated_NodeMaintenance_crd_is_accepted_and_becomes_Established()
    {
        Backend.RequireAvailable();

        var crd = await Backend.NodeMaintenanceCrdAsync(Ct);

        Assert.True(NodeMaintenanceCrd.IsEstablished(crd));
        Assert.Contains(crd.Status!.Conditions!, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Equal(NodeMaintenanceCrd.Kind, crd.Status.AcceptedNames.Kind);
        Assert.Equal(NodeMaintenanceCrd.Plural, crd.Status.AcceptedNames.Plural);
    }

    [SkippableFact]
    public async Task Established_crd_is_listed_in_discovery_with_short_name_category_and_status_subresource()
    {
        await ArrangeNodeMaintenanceCrdAsync();

        var discovery = await Eventually.ReturnsAsync(
            async ct => await Http.GetAsync($"/apis/{NodeMaintenanceCrd.Group}/{NodeMaintenanceCrd.Version}", ct) is
                { StatusCode: HttpStatusCode.OK } ok ? ok.Body : null,
            "the NodeMaintenance group version in discovery", Ct);

        Assert.Equal("APIResourceList", discovery["kind"]?.GetValue<string>());
        Assert.Equal(NodeMaintenanceCrd.ApiVersion, discovery["groupVersion"]?.GetValue<string>());
        var resources = discovery["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var main = Assert.Single(resources, r => r["name"]!.GetValue<string>() == NodeMaintenanceCrd.Plural);
        Assert.Equal(NodeMaintenanceCrd.Kind, main["kind"]!.GetValue<string>());
        Assert.False(main["namespaced"]!.GetValue<bool>());
        Assert.Equal(["nm"], main["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["drainsafe"], main["categories"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(
            ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            main["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
        var status = Assert.Single(resources, r => r["name"]!.GetValue<string>() == NodeMaintenanceCrd.Plural + "/status");
        Assert.Equal(["get", "patch", "update"], status["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Crd_with_a_property_without_a_type_is_rejected_as_Invalid()
    {
        Backend.RequireAvailable();
        const string name = "widgets.broken.drainsafe.test";
        var crd = JsonNode.Parse($$"""
            {
              "apiVersion": "apiextensions.k8s.io/v1",
              "kind": "CustomResourceDefinition",
              "metadata": { "name": "{{name}}" },
              "spec": {
                "group": "broken.drainsafe.test",
                "scope": "Cluster",
                "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
                "versions": [{
                  "name": "v1", "served": true, "storage": true,
                  "schema": { "openAPIV3Schema": {
                    "type": "object",
                    "properties": { "spec": { "type": "object", "properties": { "size": { "description": "no type" } } } }
                  } }
                }]
              }
            }
            """)!;

        var response = await Http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.StartsWith($"CustomResourceDefinition.apiextensions.k8s.io \"{name}\" is invalid: ", status["message"]!.GetValue<string>());
        StatusAssert.Details(status, name, "apiextensions.k8s.io", "CustomResourceDefinition");
        var causes = status["details"]!["causes"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Contains(causes, c =>
            c["reason"]?.GetValue<string>() == "FieldValueRequired" &&
            c["field"]?.GetValue<string>() == "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].type");
        var missing = await Http.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
