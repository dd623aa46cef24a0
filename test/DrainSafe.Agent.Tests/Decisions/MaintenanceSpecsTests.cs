using DrainSafe.Agent.Imds;
using DrainSafe.Agent.Maintenance;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class MaintenanceSpecsTests
{
    private const string Vm = "pool1-vmss_0";

    internal static ScheduledEvent Event(string id, string status = "Scheduled", params string[] resources) =>
        ScheduledEvent.FromImds(id, "Reboot", status, resources.Length == 0 ? [Vm] : resources,
            status == "Scheduled" ? "Mon, 30 Nov 2026 10:15:00 GMT" : "", "Host maintenance", "Platform", -1);

    [Fact]
    public void Only_events_that_list_this_vm_are_kept_compared_case_insensitively()
    {
        var snapshot = new ImdsSnapshot(3, [
            Event("A", resources: ["POOL1-VMSS_0", "pool1-vmss_1"]),
            Event("B", resources: ["pool1-vmss_1"]),
            Event("C", resources: [Vm]),
        ]);

        var events = MaintenanceSpecs.EventsForVm(snapshot, Vm);

        Assert.Equal(["A", "C"], events.Select(e => e.EventId));
    }

    [Fact]
    public void The_desired_spec_names_the_node_the_vm_and_the_documents_incarnation()
    {
        var spec = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(7, [Event("A"), Event("B", resources: ["other"])]));

        Assert.Equal("node-0", spec.NodeName);
        Assert.Equal(Vm, spec.VmName);
        Assert.Equal(7, spec.DocumentIncarnation);
        Assert.Equal("A", Assert.Single(spec.Events).EventId);
    }

    [Fact]
    public void An_unchanged_document_needs_no_write()
    {
        var before = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(2, [Event("A")]));
        var again = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(2, [Event("A")]));

        Assert.True(MaintenanceSpecs.SaysTheSame(before, again));
    }

    [Fact]
    public void A_new_incarnation_for_another_vms_event_alone_needs_no_write()
    {
        var before = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(2, [Event("A")]));
        var after = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(3, [Event("A"), Event("B", resources: ["pool1-vmss_1"])]));

        Assert.True(MaintenanceSpecs.SaysTheSame(before, after));
    }

    [Fact]
    public void A_started_event_a_new_event_or_a_removed_event_needs_a_write()
    {
        var scheduled = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(2, [Event("A")]));
        var started = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(3, [Event("A", "Started")]));
        var added = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(3, [Event("A"), Event("B")]));
        var removed = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(4, []));

        Assert.False(MaintenanceSpecs.SaysTheSame(scheduled, started));
        Assert.False(MaintenanceSpecs.SaysTheSame(scheduled, added));
        Assert.False(MaintenanceSpecs.SaysTheSame(scheduled, removed));
    }

    [Fact]
    public void A_spec_that_was_never_written_needs_a_write()
    {
        Assert.False(MaintenanceSpecs.SaysTheSame(null, MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(1, []))));
    }

    [Fact]
    public void An_unknown_event_type_is_kept_and_its_text_compared()
    {
        var live = ScheduledEvent.FromImds("A", "LiveMigrate", "Scheduled", [Vm], "", "", "Platform", 5);
        var other = ScheduledEvent.FromImds("A", "HotPatch", "Scheduled", [Vm], "", "", "Platform", 5);
        var spec = MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(1, [live]));

        Assert.Equal(ScheduledEventType.Unknown, Assert.Single(spec.Events).EventType);
        Assert.Equal("LiveMigrate", spec.Events[0].UnrecognizedValues![ImdsFieldNames.EventType]);
        Assert.False(MaintenanceSpecs.SaysTheSame(spec, MaintenanceSpecs.Desired("node-0", Vm, new ImdsSnapshot(1, [other]))));
    }
}
