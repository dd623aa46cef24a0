using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Tables;
using k8s;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class TableTests
{
    private const string TableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task Crd_list_as_table_has_name_then_printer_columns_with_raw_cells()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await TestObjects.CreateCrdAsync(client);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));
        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new k8s.Models.V1Patch("{\"status\":{\"drain\":{\"remainingPods\":3}}}", k8s.Models.V1Patch.PatchType.MergePatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, "node-1");

        var (_, table, _) = await http.GetAsync($"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}?limit=500", TableAccept);

        Assert.Equal("Table", (string?)table!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.Equal(server.Store.CurrentResourceVersion.ToString(), (string?)table["metadata"]!["resourceVersion"]);
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "State", "Event", "Pods Left", "Age"], columns.Select(c => (string?)c!["name"]));
        Assert.Equal("name", (string?)columns[0]!["format"]);
        Assert.Equal("Custom resource definition column (in JSONPath format): .status.state", (string?)columns[1]!["description"]);
        var row = Assert.Single(table["rows"]!.AsArray())!;
        var cells = row["cells"]!.AsArray();
        Assert.Equal("node-1", (string?)cells[0]);
        Assert.Null(cells[1]);
        Assert.Equal("Reboot", (string?)cells[2]);
        Assert.Equal(3, (long)cells[3]!);
        Assert.Matches("^[0-9]+s$", (string?)cells[4]);
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.Equal("node-1", (string?)row["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Crd_without_printer_columns_lists_name_and_age_like_the_real_server()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        var crd = KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(TestObjects.CrdYaml);
        crd.Spec.Versions[0].AdditionalPrinterColumns = null;
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));

        var (_, table, _) = await http.GetAsync($"/apis/{TestObjects.Group}/{TestObjects.Version}/{TestObjects.Plural}", TableAccept);

        Assert.Equal(["Name", "Age"], table!["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal("date", (string?)table["columnDefinitions"]![1]!["type"]);
    }

    [Fact]
    public async Task Node_table_shows_status_roles_and_version()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        var node = TestObjects.Node("node-1", new Dictionary<string, string> { ["node-role.kubernetes.io/agent"] = string.Empty });
        node.Spec.Unschedulable = true;
        await client.CoreV1.CreateNodeAsync(node);

        var (_, table, _) = await http.GetAsync("/api/v1/nodes/node-1", TableAccept);

        var cells = Assert.Single(table!["rows"]!.AsArray())!["cells"]!.AsArray().Select(c => c?.ToString()).ToList();
        Assert.Equal(["node-1", "Ready,SchedulingDisabled", "agent"], cells.Take(3));
        Assert.Equal("v1.32.4", cells[4]);
    }

    [Fact]
    public async Task Table_watch_wraps_each_event_in_a_one_row_table()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-2"));

        var (_, events, _) = await http.WatchAsync("/api/v1/nodes?watch=true", e => e.Count == 2, accept: TableAccept);

        Assert.All(events, e => Assert.Equal("Table", (string?)e["object"]!["kind"]));
        Assert.NotEmpty(events[0]["object"]!["columnDefinitions"]!.AsArray());
        Assert.Empty(events[1]["object"]!["columnDefinitions"]!.AsArray());
        Assert.Equal("node-2", (string?)events[1]["object"]!["rows"]![0]!["cells"]![0]);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 7200, "3d2h")]
    [InlineData(-10, "<invalid>")]
    public void Ages_are_printed_like_the_api_server_does(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(".spec.events[0].eventType", "Reboot")]
    [InlineData(".spec.events[*].eventType", "Reboot")]
    [InlineData("{.metadata.labels['a.b/c']}", "x")]
    [InlineData(".spec.missing", null)]
    public void Printer_column_paths_select_values(string path, string? expected)
    {
        using var document = System.Text.Json.JsonDocument.Parse(
            "{\"metadata\":{\"labels\":{\"a.b/c\":\"x\"}},\"spec\":{\"events\":[{\"eventType\":\"Reboot\"},{\"eventType\":\"Freeze\"}]}}");

        var value = SimpleJsonPath.First(document.RootElement, path);

        Assert.Equal(expected, value?.GetString());
    }
}
