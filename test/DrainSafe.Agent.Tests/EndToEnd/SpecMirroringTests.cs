using System.Diagnostics;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Imds;
using k8s.Models;
using Xunit.Abstractions;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>The real agent against the sandbox: what IMDS shows for this VM appears in the NodeMaintenance spec.</summary>
public sealed class SpecMirroringTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task The_agent_creates_its_nodes_maintenance_owned_by_the_node_with_the_vm_name_from_imds()
    {
        await world.StartAgentAsync();

        var nm = await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");

        var node = world.Store.Get<V1Node>(null, AgentWorld.Node(0))!;
        Assert.Equal(AgentWorld.Node(0), nm.Spec.NodeName);
        Assert.Equal(AgentWorld.Vm(0), nm.Spec.VmName);
        Assert.Empty(nm.Spec.Events);
        var owner = Assert.Single(nm.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Node", AgentWorld.Node(0), node.Metadata.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
    }

    [Fact]
    public async Task A_scheduled_event_listing_this_vm_appears_in_the_spec_within_two_polls()
    {
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");

        var clock = Stopwatch.StartNew();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0), "pool1-vmss_7");
        var nm = await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        var elapsed = clock.Elapsed;

        output.WriteLine($"Scheduled event in the spec after {elapsed.TotalMilliseconds:0} ms (poll interval {AgentWorld.PollInterval.TotalMilliseconds:0} ms).");
        var e = Assert.Single(nm.Spec.Events);
        Assert.Equal(ScheduledEventStatus.Scheduled, e.EventStatus);
        Assert.Equal(ScheduledEventType.Reboot, e.EventType);
        Assert.Equal([AgentWorld.Vm(0), "pool1-vmss_7"], e.Resources);
        Assert.NotNull(e.NotBefore);
        Assert.Equal(world.Imds.GetDocument(AgentWorld.Vm(0)).DocumentIncarnation, nm.Spec.DocumentIncarnation);
        // Two polls are 400 ms; the bound allows for a loaded 2-core machine.
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
    }

    [Fact]
    public async Task An_event_listing_only_other_vms_of_the_placement_group_does_not_appear_in_the_spec()
    {
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");

        var othersEvent = world.ScheduleEvent(AgentWorld.Vm(1));
        Assert.Contains(world.Imds.GetDocument(AgentWorld.Vm(0)).Events, e => e.EventId == othersEvent);
        var ownEvent = world.ScheduleEvent(AgentWorld.Vm(0));
        var nm = await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, ownEvent), "this VM's own event is in the spec");

        Assert.DoesNotContain(nm.Spec.Events, e => e.EventId == othersEvent);
        Assert.Single(nm.Spec.Events);
    }

    [Fact]
    public async Task A_started_event_and_the_events_removal_are_mirrored_in_the_spec()
    {
        await world.StartAgentAsync();
        await world.WaitForMaintenanceAsync(_ => true, "the agent has created its NodeMaintenance");

        var eventId = world.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = ImdsEventTypes.Freeze,
            Resources = [AgentWorld.Vm(0)],
            StartedAlready = true,
            Duration = TimeSpan.FromSeconds(3),
        });

        var started = await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId, ScheduledEventStatus.Started), "the Started event is in the spec");
        Assert.Null(Assert.Single(started.Spec.Events).NotBefore);
        await world.WaitForMaintenanceAsync(m => m.Spec.Events.Count == 0, "the finished event has left the spec");
    }

    [Fact]
    public async Task A_cancelled_event_leaves_the_spec()
    {
        await world.StartAgentAsync();
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");

        Assert.True(world.Imds.CancelEvent(eventId));

        await world.WaitForMaintenanceAsync(m => m.Spec.Events.Count == 0, "the cancelled event has left the spec");
    }
}
