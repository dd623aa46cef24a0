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
            async ct => await Http.GetApiAsync($"/apis/{NodeMaintenanceCrd.Group}/{NodeMaintenanceCrd.Version}", ct) is
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

        var response = await Http.PostApiAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.StartsWith($"CustomResourceDefinition.apiextensions.k8s.io \"{name}\" is invalid: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        StatusAssert.Details(status, name, "apiextensions.k8s.io", "CustomResourceDefinition");
        // v1.20 names the field spec.validation.openAPIV3Schema..., newer servers spec.versions[0].schema.openAPIV3Schema...
        StatusAssert.HasCause(status, "FieldValueRequired at ...properties[spec].properties[size].type", c =>
            c["reason"]?.GetValue<string>() == "FieldValueRequired" &&
            c["message"]?.GetValue<string>() == "Required value: must not be empty for specified object fields" &&
            c["field"]?.GetValue<string>() is { } field && field.EndsWith(".openAPIV3Schema.properties[spec].properties[size].type", StringComparison.Ordinal));
        var missing = await Http.GetApiAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [SkippableFact]
    public async Task Crd_whose_schema_says_more_about_metadata_than_type_object_is_rejected_as_Invalid()
    {
        Backend.RequireAvailable();
        const string name = "gadgets.broken.drainsafe.test";
        var crd = JsonNode.Parse($$"""
            {
              "apiVersion": "apiextensions.k8s.io/v1",
              "kind": "CustomResourceDefinition",
              "metadata": { "name": "{{name}}" },
              "spec": {
                "group": "broken.drainsafe.test",
                "scope": "Cluster",
                "names": { "plural": "gadgets", "singular": "gadget", "kind": "Gadget", "listKind": "GadgetList" },
                "versions": [{
                  "name": "v1", "served": true, "storage": true,
                  "schema": { "openAPIV3Schema": {
                    "type": "object",
                    "properties": { "metadata": { "type": "object", "description": "Standard object metadata." } }
                  } }
                }]
              }
            }
            """)!;

        var response = await Http.PostApiAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.UnprocessableEntity, "Invalid");
        StatusAssert.HasCause(status, "FieldValueForbidden at ...openAPIV3Schema.properties[metadata]", c =>
            c["reason"]?.GetValue<string>() == "FieldValueForbidden" &&
            c["field"]?.GetValue<string>() is { } field && field.EndsWith(".openAPIV3Schema.properties[metadata]", StringComparison.Ordinal) &&
            c["message"]?.GetValue<string>() is { } message && message.Contains("must not specify anything other than name and generateName", StringComparison.Ordinal));
    }
}
