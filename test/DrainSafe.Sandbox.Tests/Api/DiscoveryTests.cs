using System.Net;
using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class DiscoveryTests
{
    private const string AggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task Apis_asked_for_aggregated_discovery_answers_the_plain_group_list()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);

        var (status, body, contentType) = await http.GetAsync("/apis", AggregatedAccept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("APIGroupList", (string?)body!["kind"]);
        var groups = body["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToList();
        Assert.Equal(["admissionregistration.k8s.io", "apiextensions.k8s.io", "apps", "coordination.k8s.io", "policy", "rbac.authorization.k8s.io"], groups.Order());
        Assert.Equal("apps/v1", (string?)body["groups"]![groups.IndexOf("apps")]!["preferredVersion"]!["groupVersion"]);
    }

    [Fact]
    public async Task Core_v1_lists_resources_with_verbs_short_names_and_subresources()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);

        var (_, api, _) = await http.GetAsync("/api", AggregatedAccept);
        var (_, body, _) = await http.GetAsync("/api/v1");

        Assert.Equal("v1", (string?)api!["versions"]![0]);
        var resources = body!["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!);
        Assert.Equal("v1", (string?)body["groupVersion"]);
        Assert.False((bool)resources["nodes"]["namespaced"]!);
        Assert.Equal("no", (string?)resources["nodes"]["shortNames"]![0]);
        Assert.Contains("watch", resources["pods"]["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("all", (string?)resources["pods"]["categories"]![0]);
        Assert.Equal(["get", "patch", "update"], resources["nodes/status"]["verbs"]!.AsArray().Select(v => (string?)v));
        var eviction = resources["pods/eviction"];
        Assert.Equal("policy", (string?)eviction["group"]);
        Assert.Equal("v1", (string?)eviction["version"]);
        Assert.Equal("Eviction", (string?)eviction["kind"]);
        Assert.Equal(["create"], eviction["verbs"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Crd_group_version_is_discoverable_with_its_status_subresource()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await TestObjects.CreateCrdAsync(client);

        var (_, group, _) = await http.GetAsync($"/apis/{TestObjects.Group}");
        var (_, list, _) = await http.GetAsync($"/apis/{TestObjects.Group}/{TestObjects.Version}");

        Assert.Equal("APIGroup", (string?)group!["kind"]);
        Assert.Equal("drainsafe.azure.com/v1alpha1", (string?)group["preferredVersion"]!["groupVersion"]);
        var resources = list!["resources"]!.AsArray();
        Assert.Equal(["nodemaintenances", "nodemaintenances/status"], resources.Select(r => (string?)r!["name"]));
        Assert.Equal("nm", (string?)resources[0]!["shortNames"]![0]);
        Assert.Equal("drainsafe", (string?)resources[0]!["categories"]![0]);
        Assert.Equal("NodeMaintenance", (string?)resources[1]!["kind"]);
    }

    [Fact]
    public async Task Openapi_v3_declares_field_validation_and_group_version_kind_for_every_group_version()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await TestObjects.CreateCrdAsync(client);

        var (_, index, _) = await http.GetAsync("/openapi/v3");
        var url = (string)index!["paths"]![$"apis/{TestObjects.Group}/{TestObjects.Version}"]!["serverRelativeURL"]!;
        var (status, document, _) = await http.GetAsync(url);

        Assert.NotNull(index["paths"]!["api/v1"]);
        Assert.Equal(HttpStatusCode.OK, status);
        var post = document!["paths"]![$"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}"]!["post"]!;
        Assert.Equal("NodeMaintenance", (string?)post["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains("fieldValidation", post["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        var patch = document["paths"]![$"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}/{{name}}"]!["patch"]!;
        Assert.Contains("fieldValidation", patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        var schema = document["components"]!["schemas"]!["com.azure.drainsafe.v1alpha1.NodeMaintenance"]!;
        Assert.NotNull(schema["properties"]!["spec"]!["properties"]!["nodeName"]);
    }

    [Fact]
    public async Task Health_and_version_endpoints_answer()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);

        var (healthStatus, health, _) = await http.GetAsync("/healthz");
        var (_, version, _) = await http.GetAsync("/version");
        var (missingStatus, missing, _) = await http.GetAsync("/apis/nope.example/v1/things");

        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal("ok", (string?)health);
        Assert.Equal("v1.32.4", (string?)version!["gitVersion"]);
        Assert.Equal("32", (string?)version["minor"]);
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("NotFound", (string?)missing!["reason"]);
    }
}
