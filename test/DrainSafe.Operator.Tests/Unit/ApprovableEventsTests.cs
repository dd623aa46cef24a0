using DrainSafe.Entities;
using DrainSafe.Operator.Lifecycle;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class ApprovableEventsTests
{
    private static IReadOnlyList<string> Approvable(Facts facts)
    {
        var built = facts.Build();
        return ApprovableEvents.For(built, MaintenanceLifecycle.ActionableEvents(built.Maintenance, built.Options));
    }

    [Fact]
    public void An_event_listing_only_this_VM_is_approvable()
    {
        Assert.Equal(["E1"], Approvable(Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event())));
    }

    [Fact]
    public void An_event_listing_three_VMs_waits_for_the_last_of_them_to_drain()
    {
        Facts With(MaintenanceState third) => Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(alsoLists: ["vm-1", "vm-2", "vm-3"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained)
            .Peer("node-2", "vm-2", MaintenanceState.MaintenanceStarted)
            .Peer("node-3", "vm-3", third);

        Assert.Empty(Approvable(With(MaintenanceState.NodeDraining)));
        Assert.Empty(Approvable(With(MaintenanceState.NodeRunning)));
        Assert.Equal(["E1"], Approvable(With(MaintenanceState.NodeDrained)));
    }

    [Fact]
    public void This_nodes_own_VM_does_not_block_its_event_while_the_cache_still_shows_it_draining()
    {
        Assert.Equal(["E1"], Approvable(Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event())));
    }

    [Fact]
    public void A_VM_with_two_NodeMaintenances_blocks_approval_until_both_are_drained()
    {
        Facts With(MaintenanceState other) => Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained)
            .Peer("node-1-old", "vm-1", other);

        Assert.Empty(Approvable(With(MaintenanceState.NodeDraining)));
        Assert.Equal(["E1"], Approvable(With(MaintenanceState.MaintenanceStarted)));
    }

    [Fact]
    public void Approval_refuses_missing_arguments_by_name()
    {
        var facts = Facts.For().Build();

        Assert.Equal("facts", Assert.Throws<ArgumentNullException>(() => ApprovableEvents.For(null!, [])).ParamName);
        Assert.Equal("actionable", Assert.Throws<ArgumentNullException>(() => ApprovableEvents.For(facts, null!)).ParamName);
    }

    [Fact]
    public void VM_names_are_compared_without_regard_to_letter_case()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(alsoLists: ["VM-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained);

        Assert.Equal(["E1"], Approvable(facts));
    }

    [Fact]
    public void A_VM_that_is_no_node_of_the_cluster_blocks_approval_unless_unknown_resources_may_be_approved()
    {
        Facts With(bool approveUnknown) => Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(alsoLists: ["vm-elsewhere"]))
            .Configure(o => o.ApproveUnknownResources = approveUnknown);

        Assert.Empty(Approvable(With(approveUnknown: false)));
        Assert.Equal(["E1"], Approvable(With(approveUnknown: true)));
    }

    [Fact]
    public void A_user_event_needs_only_this_node_drained_unless_configured_otherwise()
    {
        Facts With(bool whenDrained) => Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(source: ScheduledEventSource.User, alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeCordoned)
            .Configure(o => o.ApproveUserEventsWhenDrained = whenDrained);

        Assert.Equal(["E1"], Approvable(With(whenDrained: true)));
        Assert.Empty(Approvable(With(whenDrained: false)));
    }

    [Fact]
    public void A_platform_event_needs_every_listed_node_drained_even_when_user_events_go_early()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event(source: ScheduledEventSource.Platform, alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeCordoned);

        Assert.Empty(Approvable(facts));
    }

    [Fact]
    public void Nothing_is_approvable_when_approval_is_disabled()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event())
            .With(Facts.Event("user", source: ScheduledEventSource.User))
            .Configure(o => o.ApprovalEnabled = false);

        Assert.Empty(Approvable(facts));
    }

    [Fact]
    public void Nothing_is_approvable_in_a_dry_run()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event())
            .With(Facts.Event("user", source: ScheduledEventSource.User))
            .Configure(o => o.DryRun = true);

        Assert.Empty(Approvable(facts));
    }

    [Fact]
    public void A_started_event_is_not_approvable_again()
    {
        Assert.Empty(Approvable(Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Started())));
    }

    [Fact]
    public void The_approvable_events_are_sorted_by_id()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained)
            .With(Facts.Event("c")).With(Facts.Event("A")).With(Facts.Event("b"))
            .With(Facts.Event("blocked", alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining);

        Assert.Equal(["A", "b", "c"], Approvable(facts));
    }
}
