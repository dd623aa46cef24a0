using System.Text.Json.Nodes;
using DrainSafe.Entities;
using k8s;

namespace DrainSafe.Entities.Tests;

public sealed class NodeMaintenanceSerializationTests
{
    [Fact]
    public void New_object_carries_its_apiVersion_and_kind()
    {
        var maintenance = new NodeMaintenance();

        Assert.Equal("drainsafe.azure.com/v1alpha1", maintenance.ApiVersion);
        Assert.Equal("NodeMaintenance", maintenance.Kind);
    }

    [Fact]
    public void Round_trip_through_KubernetesJson_keeps_every_field()
    {
        var original = SampleMaintenance.Create();

        var json = KubernetesJson.Serialize(original);
        var copy = KubernetesJson.Deserialize<NodeMaintenance>(json);

        Assert.Equal(json, KubernetesJson.Serialize(copy));
        Assert.Equal(MaintenanceState.NodeDraining, copy.Status.State);
        Assert.Equal(ScheduledEventType.Reboot, copy.Spec.Events[0].EventType);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero), copy.Spec.Events[0].NotBefore);
        Assert.Equal(["default/web-1", "shop/db-0"], copy.Status.Drain!.PendingPods);
        Assert.Equal("CordonedForMaintenance", copy.Status.Conditions[0].Reason);
    }

    [Fact]
    public void States_and_event_enums_are_written_by_name()
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(SampleMaintenance.Create()))!;

        Assert.Equal("NodeDraining", (string?)json["status"]!["state"]);
        Assert.Equal("Reboot", (string?)json["spec"]!["events"]![0]!["eventType"]);
        Assert.Equal("Scheduled", (string?)json["spec"]!["events"]![0]!["eventStatus"]);
        Assert.Equal("Platform", (string?)json["spec"]!["events"]![0]!["eventSource"]);
        Assert.Equal("Reboot", (string?)json["status"]!["currentEvent"]!["eventType"]);
    }

    [Fact]
    public void Every_maintenance_state_round_trips_by_name()
    {
        foreach (var state in Enum.GetValues<MaintenanceState>())
        {
            var maintenance = SampleMaintenance.Create();
            maintenance.Status.State = state;

            var json = KubernetesJson.Serialize(maintenance);

            Assert.Contains($"\"state\":\"{state}\"", json, StringComparison.Ordinal);
            Assert.Equal(state, KubernetesJson.Deserialize<NodeMaintenance>(json).Status.State);
        }
    }

    [Fact]
    public void NotBefore_is_written_as_RFC3339_UTC_and_left_out_once_started()
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(SampleMaintenance.Create()))!;

        Assert.Equal("2026-11-30T10:15:00Z", (string?)json["spec"]!["events"]![0]!["notBefore"]);
        Assert.Equal("2026-11-30T10:15:00Z", (string?)json["status"]!["currentEvent"]!["notBefore"]);
        Assert.False(json["spec"]!["events"]![1]!.AsObject().ContainsKey("notBefore"));
    }

    [Fact]
    public void Unknown_Azure_event_type_status_and_source_are_read_as_Unknown_without_failing()
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(SampleMaintenance.Create()))!;
        var scheduledEvent = json["spec"]!["events"]![0]!;
        scheduledEvent["eventType"] = "LiveMigrate";
        scheduledEvent["eventStatus"] = "Completed";
        scheduledEvent["eventSource"] = 3;
        json["status"]!["currentEvent"]!["eventType"] = "HostUpdate";

        var copy = KubernetesJson.Deserialize<NodeMaintenance>(json.ToJsonString());

        Assert.Equal(ScheduledEventType.Unknown, copy.Spec.Events[0].EventType);
        Assert.Equal(ScheduledEventStatus.Unknown, copy.Spec.Events[0].EventStatus);
        Assert.Equal(ScheduledEventSource.Unknown, copy.Spec.Events[0].EventSource);
        Assert.Equal(ScheduledEventType.Unknown, copy.Status.CurrentEvent!.EventType);
        Assert.Equal(ScheduledEventType.Freeze, copy.Spec.Events[1].EventType);
    }

    [Fact]
    public void Event_enums_are_read_in_any_letter_case()
    {
        var json = KubernetesJson.Serialize(SampleMaintenance.Create()).Replace("\"Reboot\"", "\"REBOOT\"", StringComparison.Ordinal);

        Assert.Equal(ScheduledEventType.Reboot, KubernetesJson.Deserialize<NodeMaintenance>(json).Spec.Events[0].EventType);
    }

    [Fact]
    public void Object_without_status_reads_with_an_empty_status()
    {
        const string json = """
            {"apiVersion":"drainsafe.azure.com/v1alpha1","kind":"NodeMaintenance","metadata":{"name":"node-1"},
             "spec":{"nodeName":"node-1","vmName":"vm_1","documentIncarnation":1,"events":[]}}
            """;

        var maintenance = KubernetesJson.Deserialize<NodeMaintenance>(json);

        Assert.Null(maintenance.Status.State);
        Assert.Empty(maintenance.Status.ApprovedEventIds);
        Assert.Equal("node-1", maintenance.Spec.NodeName);
    }
}
