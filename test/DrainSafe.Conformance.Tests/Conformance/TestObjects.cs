using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>Objects the conformance facts create, with names unique per test so tests never see each other's objects.</summary>
public static class TestObjects
{
    /// <summary>A DNS-1123 name unique to this call, e.g. <c>node-3f2a9c1b</c>.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A NodeMaintenance for node <paramref name="name"/> with one scheduled Reboot event.</summary>
    public static JsonObject NodeMaintenance(string name, int documentIncarnation = 1) => new()
    {
        ["apiVersion"] = NodeMaintenanceCrd.ApiVersion,
        ["kind"] = NodeMaintenanceCrd.Kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = name,
            ["vmName"] = name + "_vm",
            ["documentIncarnation"] = documentIncarnation,
            ["events"] = new JsonArray
            {
                new JsonObject
                {
                    ["eventId"] = "602D9444-D2CD-49C7-8624-8643E7171297",
                    ["eventType"] = "Reboot",
                    ["eventStatus"] = "Scheduled",
                    ["resources"] = new JsonArray { name + "_vm" },
                    ["notBefore"] = "2030-11-30T10:15:00Z",
                    ["description"] = "Host server is undergoing maintenance.",
                    ["eventSource"] = "Platform",
                    ["durationInSeconds"] = -1,
                },
            },
        },
    };

    /// <summary>The path of one NodeMaintenance.</summary>
    public static string NodeMaintenancePath(string name) => $"{NodeMaintenanceCrd.CollectionPath}/{name}";

    /// <summary>A Node with labels.</summary>
    public static JsonObject Node(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = metadata };
    }

    /// <summary>A Pod bound to <paramref name="nodeName"/> in namespace default.</summary>
    public static JsonObject Pod(string name, string nodeName) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = nodeName,
            ["containers"] = new JsonArray { new JsonObject { ["name"] = "app", ["image"] = "registry.example/app:1" } },
        },
    };

    /// <summary>A ConfigMap in namespace default.</summary>
    public static JsonObject ConfigMap(string name, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["data"] = new JsonObject { ["value"] = value },
    };

    /// <summary>metadata.resourceVersion of an object.</summary>
    public static string ResourceVersion(JsonObject item) => item["metadata"]!["resourceVersion"]!.GetValue<string>();

    /// <summary>metadata.generation of an object.</summary>
    public static long Generation(JsonObject item) => item["metadata"]!["generation"]!.GetValue<long>();
}
