using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableTheory]
    [InlineData("pool=a", new[] { "a" })]
    [InlineData("pool!=a", new[] { "b", "none" })]
    [InlineData("pool in (a,b)", new[] { "a", "b" })]
    [InlineData("pool notin (a)", new[] { "b", "none" })]
    [InlineData("pool", new[] { "a", "b" })]
    [InlineData("!pool", new[] { "none" })]
    public async Task Label_selectors_filter_nodes(string selector, string[] expected)
    {
        Backend.RequireAvailable();
        var run = UniqueName("labels");
        foreach (var pool in new[] { "a", "b", "none" })
        {
            var labels = new Dictionary<string, string> { ["drainsafe-test-run"] = run };
            if (pool != "none")
            {
                labels["pool"] = pool;
            }

            await CreateNodeAsync(Node($"{run}-{pool}", labels));
        }

        var list = await GetAsync($"/api/v1/nodes?labelSelector={Uri.EscapeDataString($"drainsafe-test-run={run},{selector}")}");

        Assert.Equal("NodeList", list["kind"]?.GetValue<string>());
        Assert.Equal(
            expected.Select(pool => $"{run}-{pool}"),
            list["items"]!.AsArray().Select(n => n!["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Field_selector_on_metadata_name_filters_custom_resources()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var wanted = UniqueName("field");
        await CreateNodeMaintenanceAsync(NodeMaintenance(wanted));
        await CreateNodeMaintenanceAsync(NodeMaintenance(UniqueName("field")));

        var list = await GetAsync($"{NodeMaintenanceCrd.CollectionPath}?fieldSelector=metadata.name%3D{wanted}");

        var item = Assert.Single(list["items"]!.AsArray());
        Assert.Equal(wanted, item!["metadata"]!["name"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Field_selector_on_spec_nodeName_finds_the_pods_of_one_node()
    {
        Backend.RequireAvailable();
        var node = UniqueName("podnode");
        foreach (var (pod, nodeName) in new[] { (UniqueName("pod"), node), (UniqueName("pod"), node), (UniqueName("pod"), UniqueName("other")) })
        {
            var created = await Http.PostApiAsync("/api/v1/namespaces/default/pods", Pod(pod, nodeName), Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        }

        var list = await GetAsync($"/api/v1/pods?fieldSelector=spec.nodeName%3D{node}");

        Assert.Equal("PodList", list["kind"]?.GetValue<string>());
        Assert.Equal(2, list["items"]!.AsArray().Count);
        Assert.All(list["items"]!.AsArray(), p => Assert.Equal(node, p!["spec"]!["nodeName"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Field_selector_on_an_unsupported_custom_resource_field_gets_400_BadRequest()
    {
        await ArrangeNodeMaintenanceCrdAsync();

        var response = await Http.GetApiAsync($"{NodeMaintenanceCrd.CollectionPath}?fieldSelector=spec.nodeName%3Dnode-1", Ct);

        var status = StatusAssert.Failure(response, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("spec.nodeName", status["message"]!.GetValue<string>());
    }
}
