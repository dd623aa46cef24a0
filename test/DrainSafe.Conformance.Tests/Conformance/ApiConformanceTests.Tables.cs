using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.RealApiServer;
using DrainSafe.Testing.Kubectl;
using k8s.Models;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Conformance;

public abstract partial class ApiConformanceTests
{
    [SkippableFact]
    public async Task Table_answer_lists_Name_then_the_crd_printer_columns_with_raw_cells()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        var columns = PrinterColumns(await Backend.NodeMaintenanceCrdAsync(Ct));
        var name = UniqueName("table");
        await CreateNodeMaintenanceWithStatusAsync(name);
        var stored = await GetAsync(NodeMaintenancePath(name));

        var response = await Http.GetApiAsync($"{NodeMaintenanceCrd.CollectionPath}?fieldSelector=metadata.name%3D{name}", Ct, accept: RawApi.TableAccept);

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.ToString());
        var table = response.Body;
        Assert.Equal("Table", table["kind"]?.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(table["metadata"]?["resourceVersion"]?.GetValue<string>()));

        var definitions = table["columnDefinitions"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(columns.Count + 1, definitions.Count);
        Assert.Equal("Name", definitions[0]["name"]!.GetValue<string>());
        Assert.Equal("string", definitions[0]["type"]!.GetValue<string>());
        Assert.Equal("name", definitions[0]["format"]!.GetValue<string>());
        Assert.Equal(0, definitions[0]["priority"]!.GetValue<int>());
        foreach (var (column, definition) in columns.Zip(definitions.Skip(1)))
        {
            Assert.Equal(column.Name, definition["name"]!.GetValue<string>());
            Assert.Equal(column.Type, definition["type"]!.GetValue<string>());
            Assert.Equal(column.Format ?? string.Empty, definition["format"]?.GetValue<string>() ?? string.Empty);
            Assert.Equal(column.Priority ?? 0, definition["priority"]!.GetValue<int>());
            var description = string.IsNullOrEmpty(column.Description)
                ? $"Custom resource definition column (in JSONPath format): {column.JsonPath}"
                : column.Description;
            Assert.Equal(description, definition["description"]!.GetValue<string>());
        }

        var row = Assert.Single(table["rows"]!.AsArray())!.AsObject();
        var cells = row["cells"]!.AsArray();
        Assert.Equal(definitions.Count, cells.Count);
        Assert.Equal(name, cells[0]!.GetValue<string>());
        foreach (var (column, cell) in columns.Zip(cells.Skip(1)))
        {
            if (column.Type == "date")
            {
                // kube-apiserver renders date cells as ages itself ("0s", "5m"; "<invalid>" for a future time).
                Assert.Matches(@"^\d+[smhdy](\d+[smhdy])?$", cell?.GetValue<string>() ?? "null");
            }
            else if (ExpectedCell(stored, column) is { } expected)
            {
                Assert.True(JsonNode.DeepEquals(expected.Value, cell), $"Column {column.Name} ({column.JsonPath}): expected {expected.Value?.ToJsonString() ?? "null"}, got {cell?.ToJsonString() ?? "null"}");
            }
        }

        var partial = row["object"]!.AsObject();
        Assert.Equal("PartialObjectMetadata", partial["kind"]?.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", partial["apiVersion"]?.GetValue<string>());
        Assert.Equal(name, partial["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(partial["spec"]);
    }

    [SkippableFact]
    public async Task Kubectl_get_by_short_name_prints_the_printer_columns()
    {
        await ArrangeNodeMaintenanceCrdAsync();
        CiRequirement.Require("the real kube-apiserver tier", File.Exists("/usr/bin/kubectl") ? null : "kubectl is not installed at /usr/bin/kubectl.");
        var columns = PrinterColumns(await Backend.NodeMaintenanceCrdAsync(Ct)).Where(c => (c.Priority ?? 0) == 0).ToList();
        var name = UniqueName("kubectl");
        await CreateNodeMaintenanceWithStatusAsync(name);

        var output = await KubectlAsync(["get", "nm", name]);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var header = Regex.Split(lines[0].Trim(), @"\s{2,}");
        Assert.Equal(["NAME", .. columns.Select(c => c.Name.ToUpperInvariant())], header);
        Assert.StartsWith(name + " ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("<invalid>", lines[1], StringComparison.Ordinal);
    }

    private async Task CreateNodeMaintenanceWithStatusAsync(string name)
    {
        await CreateNodeMaintenanceAsync(NodeMaintenance(name));
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["state"] = "NodeDraining",
                ["observedGeneration"] = 1,
                ["cordonedByDrainSafe"] = true,
                ["currentEvent"] = new JsonObject
                {
                    ["eventId"] = "602D9444-D2CD-49C7-8624-8643E7171297",
                    ["eventType"] = "Reboot",
                    ["eventStatus"] = "Scheduled",
                    ["notBefore"] = "2030-11-30T10:15:00Z",
                },
                ["drain"] = new JsonObject
                {
                    ["startedAt"] = "2030-11-30T10:00:00Z",
                    ["totalPods"] = 3,
                    ["evictedPods"] = 1,
                    ["remainingPods"] = 2,
                    ["pendingPods"] = new JsonArray { "default/web-1", "default/web-2" },
                    ["blockedBy"] = new JsonArray { "default/web-pdb" },
                },
            },
        };
        var patched = await Http.PatchApiAsync(NodeMaintenancePath(name) + "/status", status, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    private async Task<string> KubectlAsync(IEnumerable<string> arguments)
    {
        var home = Directory.CreateTempSubdirectory("drainsafe-kubectl-");
        try
        {
            var result = await new KubectlRunner(Backend.KubeconfigPath, home.FullName).RunAsync(["--request-timeout=30s", .. arguments]);
            return result.EnsureSuccess().StandardOutput;
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static List<V1CustomResourceColumnDefinition> PrinterColumns(V1CustomResourceDefinition crd) =>
        crd.Spec.Versions.Single(v => v.Name == NodeMaintenanceCrd.Version).AdditionalPrinterColumns?.ToList() ?? [];

    // kube-apiserver's cell for a simple JSONPath: the raw value, null when missing; string columns print the value as text.
    private static StrongBox<JsonNode?>? ExpectedCell(JsonObject item, V1CustomResourceColumnDefinition column)
    {
        JsonNode? node = item;
        foreach (Match step in Regex.Matches(column.JsonPath, @"\.([^.\[]+)|\[(\d+)\]"))
        {
            if (step.Groups[1].Success)
            {
                node = node?[step.Groups[1].Value];
                continue;
            }

            var index = int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture);
            node = node is JsonArray array && index < array.Count ? array[index] : null;
        }

        if (column.JsonPath.Contains('*', StringComparison.Ordinal) || node is JsonObject)
        {
            return null;
        }

        if (node is JsonArray list)
        {
            // A string column prints a list as compact JSON: ["default/web-pdb"].
            return column.Type == "string" ? new StrongBox<JsonNode?>(JsonValue.Create(list.ToJsonString())) : null;
        }

        return new StrongBox<JsonNode?>(node?.DeepClone());
    }
}
