using DrainSafe.Entities;
using DrainSafe.Entities.Validation;
using k8s.Models;

namespace DrainSafe.Entities.Tests;

public sealed class NodeMaintenanceValidatorTests
{
    private static readonly NodeMaintenanceValidator Validator = new();

    public static TheoryData<string, string> BrokenObjects => new()
    {
        { "name-not-dns", "metadata.name" },
        { "nodeName-differs", "spec.nodeName" },
        { "nodeName-not-dns", "spec.nodeName" },
        { "vmName-empty", "spec.vmName" },
        { "incarnation-negative", "spec.documentIncarnation" },
        { "eventId-not-guid", "spec.events[0].eventId" },
        { "eventId-repeated-in-other-case", "spec.events" },
        { "eventType-undefined", "spec.events[0].eventType" },
        { "eventStatus-undefined", "spec.events[0].eventStatus" },
        { "eventSource-undefined", "spec.events[0].eventSource" },
        { "resources-empty", "spec.events[0].resources" },
        { "resource-blank", "spec.events[0].resources[1]" },
        { "resources-miss-this-vm", "spec.events[1]" },
        { "scheduled-without-notBefore", "spec.events[0].notBefore" },
        { "duration-below-minus-one", "spec.events[0].durationInSeconds" },
        { "unrecognized-for-known-type", "spec.events[0].unrecognizedValues[0]" },
        { "unrecognized-unknown-field", "spec.events[0].unrecognizedValues[0]" },
        { "state-undefined", "status.state" },
        { "observedGeneration-negative", "status.observedGeneration" },
        { "observedGeneration-ahead", "status.observedGeneration" },
        { "remaining-above-total", "status.drain.remainingPods" },
        { "evicted-negative", "status.drain.evictedPods" },
        { "pendingPod-without-namespace", "status.drain.pendingPods[0]" },
        { "blockedBy-not-namespaced", "status.drain.blockedBy[0]" },
        { "approved-not-in-spec", "status.approvedEventIds[0]" },
        { "approvable-not-in-spec", "status.approvableEventIds[0]" },
        { "approved-not-guid", "status.approvedEventIds[0]" },
        { "condition-status-invalid", "status.conditions[0].status" },
        { "condition-reason-invalid", "status.conditions[0].reason" },
        { "condition-without-time", "status.conditions[0].lastTransitionTime" },
        { "condition-type-repeated", "status.conditions" },
    };

    [Fact]
    public void Sample_object_is_valid()
    {
        var result = Validator.Validate(SampleMaintenance.Create());

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(BrokenObjects))]
    public void Each_rule_fails_on_its_field_with_a_message_naming_the_field(string breakage, string field)
    {
        var maintenance = SampleMaintenance.Create();
        Break(maintenance, breakage);

        var result = Validator.Validate(maintenance);

        var failure = Assert.Single(result.Errors, e => e.PropertyName == field);
        Assert.StartsWith(field, failure.ErrorMessage, StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.StartsWith(e.PropertyName, e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_event_type_with_its_raw_Azure_value_is_valid()
    {
        var maintenance = SampleMaintenance.Create();
        maintenance.Spec.Events[0] = ScheduledEvent.FromImds(
            SampleMaintenance.EventId, "LiveMigrate", "Scheduled", [SampleMaintenance.Vm],
            "Mon, 30 Nov 2026 10:15:00 GMT", null, "Platform", 30);

        Assert.True(Validator.Validate(maintenance).IsValid);
    }

    [Fact]
    public void Started_event_without_notBefore_and_empty_status_are_valid()
    {
        var maintenance = SampleMaintenance.Create();
        maintenance.Status = new NodeMaintenanceStatus();

        Assert.Null(maintenance.Spec.Events[1].NotBefore);
        Assert.True(Validator.Validate(maintenance).IsValid);
    }

    [Fact]
    public void Scheduled_event_whose_unparseable_NotBefore_was_kept_raw_is_valid()
    {
        var maintenance = SampleMaintenance.Create();
        maintenance.Spec.Events[0] = ScheduledEvent.FromImds(
            SampleMaintenance.EventId, "Reboot", "Scheduled", [SampleMaintenance.Vm], "soon", null, "Platform", -1);

        Assert.True(Validator.Validate(maintenance).IsValid);
    }

    [Fact]
    public void Spec_validator_alone_reports_paths_relative_to_the_spec()
    {
        var spec = SampleMaintenance.Create().Spec;
        spec.Events[0].EventId = "not-a-guid";

        var failure = Assert.Single(new NodeMaintenanceSpecValidator().Validate(spec).Errors);

        Assert.Equal("events[0].eventId", failure.PropertyName);
        Assert.Contains("'not-a-guid'", failure.ErrorMessage, StringComparison.Ordinal);
    }

    private static void Break(NodeMaintenance m, string breakage)
    {
        var first = m.Spec.Events[0];
        switch (breakage)
        {
            case "name-not-dns": m.Metadata.Name = m.Spec.NodeName = "Node_1"; break;
            case "nodeName-differs": m.Spec.NodeName = "other-node"; break;
            case "nodeName-not-dns": m.Metadata.Name = m.Spec.NodeName = "Node-1"; break;
            case "vmName-empty": m.Spec.VmName = string.Empty; break;
            case "incarnation-negative": m.Spec.DocumentIncarnation = -1; break;
            case "eventId-not-guid": first.EventId = "event-1"; ClearStatusIds(m); break;
            case "eventId-repeated-in-other-case": m.Spec.Events[1].EventId = first.EventId.ToLowerInvariant(); ClearStatusIds(m); break;
            case "eventType-undefined": first.EventType = (ScheduledEventType)42; break;
            case "eventStatus-undefined": first.EventStatus = (ScheduledEventStatus)42; break;
            case "eventSource-undefined": first.EventSource = (ScheduledEventSource)42; break;
            case "resources-empty": first.Resources = []; break;
            case "resource-blank": first.Resources[1] = string.Empty; break;
            case "resources-miss-this-vm": m.Spec.Events[1].Resources = ["another-vm_9"]; break;
            case "scheduled-without-notBefore": first.NotBefore = null; break;
            case "duration-below-minus-one": first.DurationInSeconds = -2; break;
            case "unrecognized-for-known-type": first.UnrecognizedValues = new Dictionary<string, string> { [ImdsFieldNames.EventType] = "LiveMigrate" }; break;
            case "unrecognized-unknown-field": first.EventType = ScheduledEventType.Unknown; first.UnrecognizedValues = new Dictionary<string, string> { ["Colour"] = "blue" }; break;
            case "state-undefined": m.Status.State = (MaintenanceState)42; break;
            case "observedGeneration-negative": m.Status.ObservedGeneration = -1; break;
            case "observedGeneration-ahead": m.Status.ObservedGeneration = 5; break;
            case "remaining-above-total": m.Status.Drain!.RemainingPods = 6; break;
            case "evicted-negative": m.Status.Drain!.EvictedPods = -1; break;
            case "pendingPod-without-namespace": m.Status.Drain!.PendingPods[0] = "web-1"; break;
            case "blockedBy-not-namespaced": m.Status.Drain!.BlockedBy[0] = "shop/"; break;
            case "approved-not-in-spec": m.Status.ApprovedEventIds = ["11111111-2222-3333-4444-555555555555"]; break;
            case "approvable-not-in-spec": m.Status.ApprovableEventIds = ["11111111-2222-3333-4444-555555555555"]; break;
            case "approved-not-guid": m.Spec.Events[1].EventId = "freeze-1"; m.Status.ApprovableEventIds = []; m.Status.ApprovedEventIds = ["freeze-1"]; break;
            case "condition-status-invalid": m.Status.Conditions[0].Status = "Yes"; break;
            case "condition-reason-invalid": m.Status.Conditions[0].Reason = "cordoned for maintenance"; break;
            case "condition-without-time": m.Status.Conditions[0].LastTransitionTime = default; break;
            case "condition-type-repeated": m.Status.Conditions.Add(new V1Condition { Type = MaintenanceConditionTypes.Cordoned, Status = "False", Reason = "Uncordoned", Message = string.Empty, LastTransitionTime = DateTime.UtcNow }); break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
    }

    private static void ClearStatusIds(NodeMaintenance m)
    {
        m.Status.ApprovableEventIds = [];
        m.Status.ApprovedEventIds = [];
    }
}
