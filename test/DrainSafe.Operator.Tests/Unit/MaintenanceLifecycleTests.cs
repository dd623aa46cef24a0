using DrainSafe.Entities;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Lifecycle;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class MaintenanceLifecycleTests
{
    private static readonly DateTimeOffset Now = Facts.Now;

    private static T Is<T>(LifecycleStep step)
        where T : LifecycleStep
    {
        // Every step says why: the reconciler logs it, and a new state's Event carries it as its message.
        Assert.False(string.IsNullOrWhiteSpace(step.Why), $"{step.GetType().Name} without a reason");
        return Assert.IsType<T>(step);
    }

    // ---- No events ----

    [Fact]
    public void A_new_maintenance_without_events_records_NodeRunning()
    {
        var enter = Is<EnterState>(Facts.For().In(null).Next());

        Assert.Equal(MaintenanceState.NodeRunning, enter.State);
        Assert.Null(enter.Event);
        Assert.Equal("NodeRunning", enter.Reason);
    }

    [Theory]
    [InlineData(MaintenanceState.NodeRunning)]
    [InlineData(MaintenanceState.NodeUncordoned)]
    public void A_running_node_with_nothing_handled_is_idle(MaintenanceState state) =>
        Is<Idle>(Facts.For().In(state).Next());

    [Fact]
    public void A_node_that_no_longer_exists_is_idle_whatever_its_state()
    {
        var step = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event()).CordonedByDrainSafe().NoNode().Next();

        Is<Idle>(step);
    }

    // ---- Scheduling ----

    [Theory]
    [InlineData(null)]
    [InlineData(MaintenanceState.NodeRunning)]
    [InlineData(MaintenanceState.NodeUncordoned)]
    public void An_actionable_event_moves_a_running_node_to_MaintenanceScheduled(MaintenanceState? state)
    {
        var e = Facts.Event(dueIn: TimeSpan.FromDays(2));

        var enter = Is<EnterState>(Facts.For().In(state).With(e).Next());

        Assert.Equal(MaintenanceState.MaintenanceScheduled, enter.State);
        Assert.Same(e, enter.Event);
        Assert.Equal("MaintenanceScheduled", enter.Reason);
    }

    [Fact]
    public void An_event_further_ahead_than_the_lead_time_waits_until_NotBefore_minus_the_lead_time()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromHours(2)))
            .Configure(o => o.DrainLeadTime = TimeSpan.FromMinutes(30));

        var wait = Is<WaitUntil>(facts.Next());

        Assert.Equal(Now + TimeSpan.FromHours(2) - TimeSpan.FromMinutes(30), wait.Until);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(29)]
    [InlineData(1)]
    [InlineData(-5)]
    public void An_event_within_the_lead_time_starts_cordoning(int dueInMinutes)
    {
        var e = Facts.Event(dueIn: TimeSpan.FromMinutes(dueInMinutes));
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(e).Configure(o => o.DrainLeadTime = TimeSpan.FromMinutes(30));

        var enter = Is<EnterState>(facts.Next());

        Assert.Equal(MaintenanceState.NodeCordoning, enter.State);
        Assert.Same(e, enter.Event);
        Assert.Equal("Cordoning", enter.Reason);
    }

    [Fact]
    public void A_started_event_cordons_without_waiting_for_the_lead_time()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled)
            .With(Facts.Event("later", dueIn: TimeSpan.FromDays(3)))
            .With(Facts.Started("now"));

        var enter = Is<EnterState>(facts.Next());

        Assert.Equal(MaintenanceState.NodeCordoning, enter.State);
        Assert.Equal("now", enter.Event!.EventId);
    }

    [Fact]
    public void A_started_event_is_not_held_back_by_the_concurrency_limit()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Started())
            .Configure(o => o.MaxConcurrentNodes = "1")
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining)
            .Peer("node-2", "vm-2", MaintenanceState.NodeDrained);

        var enter = Is<EnterState>(facts.Next());

        Assert.Equal(MaintenanceState.NodeCordoning, enter.State);
    }

    [Fact]
    public void A_cordoning_node_is_cordoned_for_its_event()
    {
        var e = Facts.Event();

        var cordon = Is<CordonNode>(Facts.For().In(MaintenanceState.NodeCordoning).With(e).Next());

        Assert.Same(e, cordon.Event);
    }

    [Fact]
    public void A_cordoned_node_starts_draining_for_an_event_whose_action_is_drain()
    {
        var enter = Is<EnterState>(Facts.For().In(MaintenanceState.NodeCordoned).With(Facts.Event()).CordonedByDrainSafe().Next());

        Assert.Equal(MaintenanceState.NodeDraining, enter.State);
        Assert.Equal("DrainStarted", enter.Reason);
    }

    [Fact]
    public void A_cordoned_node_stays_cordoned_and_idle_for_an_event_whose_action_is_cordon()
    {
        var facts = Facts.For().In(MaintenanceState.NodeCordoned).With(Facts.Event()).CordonedByDrainSafe()
            .Configure(o => o.EventActions[ScheduledEventType.Reboot] = EventAction.Cordon);

        Is<Idle>(facts.Next());
    }

    [Fact]
    public void A_cordon_only_node_records_MaintenanceStarted_once_the_event_is_started()
    {
        var facts = Facts.For().In(MaintenanceState.NodeCordoned).With(Facts.Started()).CordonedByDrainSafe()
            .Configure(o => o.EventActions[ScheduledEventType.Reboot] = EventAction.Cordon);

        var enter = Is<EnterState>(facts.Next());

        Assert.Equal(MaintenanceState.MaintenanceStarted, enter.State);
        Assert.Equal("MaintenanceStarted", enter.Reason);
    }

    // ---- Draining ----

    [Theory]
    [InlineData(DrainPhase.Running)]
    [InlineData(DrainPhase.NotRunning)]
    public void A_draining_node_whose_drain_is_not_complete_drains_with_NotBefore_minus_the_margin_as_deadline(DrainPhase phase)
    {
        var startedAt = Now - TimeSpan.FromMinutes(2);
        var e = Facts.Event(dueIn: TimeSpan.FromMinutes(8));
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(e).CordonedByDrainSafe().Drain(phase)
            .Status(s => s.Drain = new DrainProgress { StartedAt = startedAt })
            .Configure(o =>
            {
                o.MaxDrainTime = TimeSpan.FromMinutes(15);
                o.DeadlineMargin = TimeSpan.FromSeconds(5);
            });

        var drain = Is<DrainNode>(facts.Next());

        Assert.Same(e, drain.Event);
        Assert.Equal(e.NotBefore!.Value - TimeSpan.FromSeconds(5), drain.Deadline);
    }

    [Fact]
    public void A_draining_node_whose_event_is_far_ahead_drains_until_its_start_plus_the_maximum_drain_time()
    {
        var startedAt = Now - TimeSpan.FromMinutes(2);
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event(dueIn: TimeSpan.FromMinutes(25))).CordonedByDrainSafe()
            .Drain(DrainPhase.Running)
            .Status(s => s.Drain = new DrainProgress { StartedAt = startedAt })
            .Configure(o => o.MaxDrainTime = TimeSpan.FromMinutes(15));

        var drain = Is<DrainNode>(facts.Next());

        Assert.Equal(startedAt + TimeSpan.FromMinutes(15), drain.Deadline);
    }

    [Fact]
    public void A_draining_node_without_a_recorded_start_counts_the_maximum_drain_time_from_now()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Started()).CordonedByDrainSafe().Drain(DrainPhase.Running)
            .Configure(o => o.MaxDrainTime = TimeSpan.FromMinutes(15));

        var drain = Is<DrainNode>(facts.Next());

        Assert.Equal(Now + TimeSpan.FromMinutes(15), drain.Deadline);
    }

    [Fact]
    public void A_draining_node_whose_drain_completed_is_drained()
    {
        var enter = Is<EnterState>(Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event()).CordonedByDrainSafe()
            .Drain(DrainPhase.Completed).Next());

        Assert.Equal(MaintenanceState.NodeDrained, enter.State);
        Assert.Equal("Drained", enter.Reason);
    }

    // ---- Drained: approval ----

    [Fact]
    public void A_drained_node_alone_on_its_event_makes_the_event_approvable()
    {
        var approvable = Is<SetApprovable>(Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event()).CordonedByDrainSafe().Next());

        Assert.Equal(["E1"], approvable.EventIds);
        Assert.Equal("every listed node is drained", approvable.Why);
    }

    [Fact]
    public void A_node_drained_by_the_deadline_policy_is_not_approved()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event()).CordonedByDrainSafe()
            .Status(s => MaintenanceConditions.Set(s, MaintenanceConditionTypes.Drained, true, MaintenanceLifecycle.DeadlinePolicyApplied, "Deleted 2 pods.", Now, 1));

        // Nothing approvable, and nothing was: the node waits for Azure.
        Is<WaitUntil>(facts.Next());
    }

    [Fact]
    public void A_node_drained_within_its_budgets_is_approved_whatever_its_other_conditions_say()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event()).CordonedByDrainSafe()
            .Status(s =>
            {
                MaintenanceConditions.Set(s, MaintenanceConditionTypes.Drained, true, "Drained", "No evictable pod is left.", Now, 1);
                MaintenanceConditions.Set(s, MaintenanceConditionTypes.Cordoned, true, MaintenanceLifecycle.DeadlinePolicyApplied, "Cordoned.", Now, 1);
            });

        Assert.Equal(["E1"], Is<SetApprovable>(facts.Next()).EventIds);
    }

    [Theory]
    [InlineData(MaintenanceState.NodeDraining, MaintenanceState.NodeDrained, false)]
    [InlineData(MaintenanceState.NodeDrained, MaintenanceState.NodeCordoned, false)]
    [InlineData(MaintenanceState.MaintenanceScheduled, MaintenanceState.MaintenanceScheduled, false)]
    [InlineData(MaintenanceState.NodeDrained, MaintenanceState.NodeDrained, true)]
    [InlineData(MaintenanceState.MaintenanceStarted, MaintenanceState.NodeDrained, true)]
    [InlineData(MaintenanceState.MaintenanceStarted, MaintenanceState.MaintenanceStarted, true)]
    public void An_event_listing_three_VMs_is_approvable_only_once_every_one_of_them_is_drained(
        MaintenanceState peer1, MaintenanceState peer2, bool approvable)
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event(alsoLists: ["vm-1", "vm-2"]))
            .Peer("node-1", "vm-1", peer1)
            .Peer("node-2", "vm-2", peer2);

        var step = facts.Next();

        if (approvable)
        {
            Assert.Equal(["E1"], Is<SetApprovable>(step).EventIds);
        }
        else
        {
            // Nothing approvable, and nothing was: the node waits.
            Is<WaitUntil>(step);
        }
    }

    [Fact]
    public void A_drained_node_clears_an_approval_its_peers_no_longer_allow()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event(alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining)
            .Status(s => s.ApprovableEventIds = ["E1"]);

        var cleared = Is<SetApprovable>(facts.Next());

        Assert.Empty(cleared.EventIds);
        Assert.Equal("no event may be approved yet", cleared.Why);
    }

    [Fact]
    public void A_drained_node_whose_approvals_are_already_recorded_waits_and_looks_again_shortly()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe().With(Facts.Event())
            .Status(s => s.ApprovableEventIds = ["e1"]);

        var wait = Is<WaitUntil>(facts.Next());

        Assert.Equal(Now + MaintenanceLifecycle.Recheck, wait.Until);
    }

    [Fact]
    public void A_VM_that_is_no_node_of_the_cluster_blocks_approval_by_default()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event(alsoLists: ["vm-1", "vm-elsewhere"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained);

        Is<WaitUntil>(facts.Next());
    }

    [Fact]
    public void A_VM_that_is_no_node_of_the_cluster_does_not_block_approval_with_ApproveUnknownResources()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event(alsoLists: ["vm-1", "vm-elsewhere"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained)
            .Configure(o => o.ApproveUnknownResources = true);

        Assert.Equal(["E1"], Is<SetApprovable>(facts.Next()).EventIds);
    }

    [Fact]
    public void A_user_event_is_approvable_as_soon_as_this_node_is_drained()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event(source: ScheduledEventSource.User, alsoLists: ["vm-1"]))
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining);

        Assert.Equal(["E1"], Is<SetApprovable>(facts.Next()).EventIds);
    }

    [Fact]
    public void No_event_is_approvable_when_approval_is_disabled()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe().With(Facts.Event())
            .Configure(o => o.ApprovalEnabled = false);

        Is<WaitUntil>(facts.Next());
    }

    [Fact]
    public void No_event_is_approvable_in_a_dry_run()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Event()).Configure(o => o.DryRun = true);

        Is<WaitUntil>(facts.Next());
    }

    [Fact]
    public void A_drained_node_whose_event_started_records_MaintenanceStarted()
    {
        var enter = Is<EnterState>(Facts.For().In(MaintenanceState.NodeDrained).With(Facts.Started()).CordonedByDrainSafe().Next());

        Assert.Equal(MaintenanceState.MaintenanceStarted, enter.State);
        Assert.Equal("MaintenanceStarted", enter.Reason);
    }

    [Fact]
    public void A_drained_node_records_MaintenanceStarted_when_one_of_its_events_started_and_another_is_still_scheduled()
    {
        var enter = Is<EnterState>(Facts.For().In(MaintenanceState.NodeDrained).CordonedByDrainSafe()
            .With(Facts.Event("later", dueIn: TimeSpan.FromMinutes(20))).With(Facts.Started("now")).Next());

        Assert.Equal(MaintenanceState.MaintenanceStarted, enter.State);
        Assert.Equal("now", enter.Event?.EventId);
    }

    [Fact]
    public void A_started_maintenance_withdraws_the_approvals_still_recorded()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceStarted).With(Facts.Started()).CordonedByDrainSafe()
            .Status(s => s.ApprovableEventIds = ["E1"]);

        Assert.Empty(Is<SetApprovable>(facts.Next()).EventIds);
    }

    [Fact]
    public void A_started_maintenance_is_idle_until_the_event_leaves_the_list()
    {
        Is<Idle>(Facts.For().In(MaintenanceState.MaintenanceStarted).With(Facts.Started()).CordonedByDrainSafe().Next());
    }

    // ---- Event types ----

    [Fact]
    public void A_freeze_is_not_actionable_by_default_and_does_not_schedule_a_cordon()
    {
        var step = Facts.For().In(MaintenanceState.NodeRunning).With(Facts.Event(type: ScheduledEventType.Freeze)).Next();

        Is<Idle>(step);
    }

    [Fact]
    public void A_freeze_is_handled_when_its_action_is_set_to_drain()
    {
        var facts = Facts.For().In(MaintenanceState.NodeRunning).With(Facts.Event(type: ScheduledEventType.Freeze))
            .Configure(o => o.EventActions[ScheduledEventType.Freeze] = EventAction.Drain);

        Assert.Equal(MaintenanceState.MaintenanceScheduled, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void An_event_of_a_type_this_version_does_not_know_is_drained_for()
    {
        var facts = Facts.For().In(MaintenanceState.NodeCordoned).With(Facts.Event(type: ScheduledEventType.Unknown)).CordonedByDrainSafe();

        Assert.Equal(MaintenanceState.NodeDraining, Is<EnterState>(facts.Next()).State);
    }

    // ---- Event gone ----

    [Theory]
    [InlineData(MaintenanceState.MaintenanceScheduled)]
    [InlineData(MaintenanceState.NodeCordoning)]
    [InlineData(MaintenanceState.NodeCordoned)]
    [InlineData(MaintenanceState.NodeDraining)]
    [InlineData(MaintenanceState.NodeDrained)]
    public void An_event_that_leaves_the_list_before_it_started_cancels_the_maintenance(MaintenanceState state)
    {
        var enter = Is<EnterState>(Facts.For().In(state).CordonedByDrainSafe().Next());

        Assert.Equal(MaintenanceState.NodeRunning, enter.State);
        Assert.Null(enter.Event);
        Assert.Equal("MaintenanceCancelled", enter.Reason);
        Assert.Contains("cancelled", enter.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_that_leaves_the_list_after_it_started_completes_the_maintenance()
    {
        var enter = Is<EnterState>(Facts.For().In(MaintenanceState.MaintenanceStarted).CordonedByDrainSafe().Next());

        Assert.Equal(MaintenanceState.NodeRunning, enter.State);
        Assert.Equal("MaintenanceCompleted", enter.Reason);
        Assert.DoesNotContain("cancelled", enter.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_node_still_cordoned_by_DrainSafe_is_restored()
    {
        Is<RestoreNode>(Facts.For().In(MaintenanceState.NodeRunning).CordonedByDrainSafe().Next());
    }

    [Fact]
    public void A_running_node_still_showing_an_event_is_restored()
    {
        var facts = Facts.For().In(MaintenanceState.NodeRunning)
            .Status(s => s.CurrentEvent = new CurrentEvent { EventId = "E1", EventType = ScheduledEventType.Reboot });

        Is<RestoreNode>(facts.Next());
    }

    [Fact]
    public void A_running_node_carrying_the_ownership_annotation_is_restored()
    {
        Is<RestoreNode>(Facts.For().In(MaintenanceState.NodeRunning).Node(unschedulable: true, ownedCordon: true).Next());
    }

    [Fact]
    public void A_running_node_with_approvals_left_over_clears_them()
    {
        var facts = Facts.For().In(MaintenanceState.NodeUncordoned).Status(s => s.ApprovableEventIds = ["E1"]);

        Assert.Empty(Is<SetApprovable>(facts.Next()).EventIds);
    }

    // ---- Yielding ----

    [Theory]
    [InlineData(MaintenanceState.NodeCordoned)]
    [InlineData(MaintenanceState.NodeDraining)]
    [InlineData(MaintenanceState.NodeDrained)]
    [InlineData(MaintenanceState.MaintenanceStarted)]
    public void A_node_someone_else_uncordoned_during_the_maintenance_is_yielded(MaintenanceState state)
    {
        var facts = Facts.For().In(state).With(Facts.Event("E1")).With(Facts.Event("E2", dueIn: TimeSpan.FromMinutes(20)))
            .Status(s => s.CordonedByDrainSafe = true).Node(unschedulable: false, ownedCordon: true).Drain(DrainPhase.Running);

        var yielded = Is<YieldNode>(facts.Next());

        Assert.Equal(["E1", "E2"], yielded.EventIds.Order());
    }

    [Fact]
    public void A_node_that_is_still_unschedulable_is_not_yielded()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event()).CordonedByDrainSafe().Drain(DrainPhase.Running);

        Is<DrainNode>(facts.Next());
    }

    [Fact]
    public void A_schedulable_node_is_not_yielded_in_a_dry_run()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event()).Drain(DrainPhase.Running)
            .Status(s => s.CordonedByDrainSafe = true).Node(unschedulable: false)
            .Configure(o => o.DryRun = true);

        Is<DrainNode>(facts.Next());
    }

    [Fact]
    public void A_schedulable_node_DrainSafe_did_not_cordon_is_not_yielded()
    {
        var facts = Facts.For().In(MaintenanceState.NodeDraining).With(Facts.Event()).Drain(DrainPhase.Running).Node(unschedulable: false);

        Is<DrainNode>(facts.Next());
    }

    [Fact]
    public void A_yielded_event_is_not_acted_on_again()
    {
        var facts = Facts.For().In(MaintenanceState.NodeRunning).With(Facts.Event("E1"))
            .Status(s => s.YieldedEventIds = ["e1"]);

        Is<Idle>(facts.Next());
    }

    [Fact]
    public void A_yielded_event_that_left_the_list_is_forgotten_without_asking_for_the_same_step_again()
    {
        var facts = Facts.For().In(MaintenanceState.NodeUncordoned).Status(s => s.YieldedEventIds = ["E1"]);
        var first = facts.Next();
        var forget = Is<ForgetYieldedEvents>(first);
        Assert.Empty(forget.StillListed);
        facts.Status(s => s.YieldedEventIds = [.. forget.StillListed]);

        var second = facts.Next();

        Assert.NotEqual(first.GetType(), second.GetType());
        Is<Idle>(second);
    }

    // ---- Concurrency ----

    [Fact]
    public void Two_cordoned_peers_hold_a_third_node_back_when_at_most_two_may_be_cordoned()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(20)))
            .Configure(o => o.MaxConcurrentNodes = "2")
            .Peer("node-1", "vm-1", MaintenanceState.NodeCordoning)
            .Peer("node-2", "vm-2", MaintenanceState.NodeDraining);

        var wait = Is<WaitUntil>(facts.Next());

        Assert.Equal(Now + MaintenanceLifecycle.Recheck, wait.Until);
    }

    [Fact]
    public void One_cordoned_peer_leaves_a_slot_when_at_most_two_may_be_cordoned()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(20)))
            .Configure(o => o.MaxConcurrentNodes = "2")
            .Peer("node-1", "vm-1", MaintenanceState.NodeDrained)
            .Peer("node-2", "vm-2", MaintenanceState.NodeUncordoned);

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void An_event_due_within_UrgentWithin_is_never_held_back_by_the_limit()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(4)))
            .Configure(o =>
            {
                o.MaxConcurrentNodes = "2";
                o.UrgentWithin = TimeSpan.FromMinutes(5);
            })
            .Peer("node-1", "vm-1", MaintenanceState.NodeCordoned)
            .Peer("node-2", "vm-2", MaintenanceState.MaintenanceStarted);

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void An_event_due_exactly_UrgentWithin_ahead_is_not_held_back_by_the_limit()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(5)))
            .Configure(o =>
            {
                o.MaxConcurrentNodes = "1";
                o.UrgentWithin = TimeSpan.FromMinutes(5);
            })
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining);

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void A_cordoned_peer_due_earlier_counts_as_cordoned_and_not_also_as_waiting_for_a_slot()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(20)))
            .Configure(o => o.MaxConcurrentNodes = "2")
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining, Now + TimeSpan.FromMinutes(10));

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Theory]
    [InlineData("a-node", true)]
    [InlineData("z-node", false)]
    public void Nodes_waiting_for_the_last_slot_with_the_same_NotBefore_go_in_the_order_of_their_names(string peerName, bool peerGoesFirst)
    {
        // Due exactly at the lead time: the earliest moment either of them may go.
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(30)))
            .Configure(o => o.MaxConcurrentNodes = "1")
            .Peer(peerName, "vm-1", MaintenanceState.MaintenanceScheduled, Now + TimeSpan.FromMinutes(30));

        var step = facts.Next();

        if (peerGoesFirst)
        {
            Assert.Equal(Now + MaintenanceLifecycle.Recheck, Is<WaitUntil>(step).Until);
        }
        else
        {
            Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(step).State);
        }
    }

    [Fact]
    public void A_waiting_peer_due_later_does_not_take_the_slot_whatever_its_name()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(10)))
            .Configure(o => o.MaxConcurrentNodes = "1")
            .Peer("a-node", "vm-1", MaintenanceState.MaintenanceScheduled, Now + TimeSpan.FromMinutes(20));

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void The_earliest_NotBefore_goes_first_among_nodes_waiting_for_a_slot()
    {
        Facts Waiting(TimeSpan selfDue, TimeSpan peerDue) => Facts.For().In(MaintenanceState.MaintenanceScheduled)
            .With(Facts.Event(dueIn: selfDue))
            .Configure(o => o.MaxConcurrentNodes = "2")
            .ClusterNodes(4)
            .Peer("node-1", "vm-1", MaintenanceState.NodeDraining)
            .Peer("node-2", "vm-2", MaintenanceState.MaintenanceScheduled, Now + peerDue);

        var first = Waiting(selfDue: TimeSpan.FromMinutes(15), peerDue: TimeSpan.FromMinutes(20)).Next();
        var second = Waiting(selfDue: TimeSpan.FromMinutes(20), peerDue: TimeSpan.FromMinutes(15)).Next();

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(first).State);
        Is<WaitUntil>(second);
    }

    [Fact]
    public void A_waiting_peer_whose_event_is_beyond_the_lead_time_does_not_take_the_slot()
    {
        var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(20)))
            .Configure(o => o.MaxConcurrentNodes = "1")
            .Peer("node-1", "vm-1", MaintenanceState.MaintenanceScheduled, Now + TimeSpan.FromHours(3));

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(facts.Next()).State);
    }

    [Fact]
    public void A_percentage_limit_counts_from_the_nodes_of_the_cluster()
    {
        Facts WithCordoned(int cordoned)
        {
            var facts = Facts.For().In(MaintenanceState.MaintenanceScheduled).With(Facts.Event(dueIn: TimeSpan.FromMinutes(20)))
                .Configure(o => o.MaxConcurrentNodes = "10%").ClusterNodes(50);
            for (var i = 1; i <= cordoned; i++)
            {
                facts.Peer($"node-{i}", $"vm-{i}", MaintenanceState.NodeDraining);
            }

            return facts;
        }

        Assert.Equal(MaintenanceState.NodeCordoning, Is<EnterState>(WithCordoned(4).Next()).State);
        Is<WaitUntil>(WithCordoned(5).Next());
    }

    // ---- ActionableEvents, MostUrgent, DueAt ----

    [Fact]
    public void Actionable_events_leave_out_the_types_the_policy_ignores_and_the_yielded_ones()
    {
        var facts = Facts.For()
            .With(Facts.Event("reboot"))
            .With(Facts.Event("freeze", type: ScheduledEventType.Freeze))
            .With(Facts.Event("YIELDED", type: ScheduledEventType.Redeploy))
            .With(Facts.Event("preempt", type: ScheduledEventType.Preempt))
            .Status(s => s.YieldedEventIds = ["yielded"])
            .Configure(o => o.EventActions[ScheduledEventType.Preempt] = EventAction.None);

        var actionable = MaintenanceLifecycle.ActionableEvents(facts.Maintenance(), facts.Options);

        Assert.Equal(["reboot"], actionable.Select(e => e.EventId));
    }

    [Fact]
    public void A_maintenance_without_status_or_spec_is_read_as_empty()
    {
        var withoutStatus = Facts.For().With(Facts.Event()).Maintenance();
        withoutStatus.Status = null!;
        var withoutSpec = Facts.For().Maintenance();
        withoutSpec.Spec = null!;

        Assert.Equal(["E1"], MaintenanceLifecycle.ActionableEvents(withoutStatus, new()).Select(e => e.EventId));
        Assert.Empty(MaintenanceLifecycle.ActionableEvents(withoutSpec, new()));
    }

    [Fact]
    public void The_lifecycle_refuses_missing_arguments_by_name()
    {
        Assert.Equal("facts", Assert.Throws<ArgumentNullException>(() => MaintenanceLifecycle.Next(null!)).ParamName);
        Assert.Equal("maintenance", Assert.Throws<ArgumentNullException>(() => MaintenanceLifecycle.ActionableEvents(null!, new())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => MaintenanceLifecycle.ActionableEvents(Facts.For().Maintenance(), null!)).ParamName);
    }

    [Fact]
    public void The_most_urgent_event_is_a_started_one_before_the_earliest_NotBefore()
    {
        var soon = Facts.Event("soon", dueIn: TimeSpan.FromMinutes(1));
        var late = Facts.Event("late", dueIn: TimeSpan.FromMinutes(30));
        var started = Facts.Started("started");

        Assert.Same(soon, MaintenanceLifecycle.MostUrgent([late, soon]));
        Assert.Same(started, MaintenanceLifecycle.MostUrgent([late, soon, started]));
        Assert.Null(MaintenanceLifecycle.MostUrgent([]));
    }

    [Fact]
    public void A_started_event_is_the_most_urgent_even_if_it_still_carries_a_later_NotBefore()
    {
        var soon = Facts.Event("soon", dueIn: TimeSpan.FromMinutes(1));
        var started = Facts.Started("started");
        started.NotBefore = Now + TimeSpan.FromMinutes(30);

        Assert.Same(started, MaintenanceLifecycle.MostUrgent([soon, started]));
    }

    [Fact]
    public void Events_due_at_the_same_time_are_ordered_by_id()
    {
        var b = Facts.Event("b");
        var a = Facts.Event("A");

        Assert.Same(a, MaintenanceLifecycle.MostUrgent([b, a]));
    }

    [Fact]
    public void A_node_is_due_at_the_NotBefore_of_its_most_urgent_actionable_event()
    {
        var facts = Facts.For()
            .With(Facts.Event("late", dueIn: TimeSpan.FromMinutes(30)))
            .With(Facts.Event("freeze", dueIn: TimeSpan.FromMinutes(1), type: ScheduledEventType.Freeze))
            .With(Facts.Event("soon", dueIn: TimeSpan.FromMinutes(10)));

        Assert.Equal(Now + TimeSpan.FromMinutes(10), MaintenanceLifecycle.DueAt(facts.Maintenance(), facts.Options));
    }

    [Fact]
    public void A_node_with_a_started_event_is_due_at_once_and_one_without_events_never()
    {
        var started = Facts.For().With(Facts.Event("late")).With(Facts.Started());
        var none = Facts.For().With(Facts.Event(type: ScheduledEventType.Freeze));

        Assert.Equal(DateTimeOffset.MinValue, MaintenanceLifecycle.DueAt(started.Maintenance(), started.Options));
        Assert.Null(MaintenanceLifecycle.DueAt(none.Maintenance(), none.Options));
    }

    [Fact]
    public void A_node_with_a_started_event_is_due_at_once_even_if_the_event_still_carries_a_NotBefore()
    {
        var e = Facts.Started();
        e.NotBefore = Now + TimeSpan.FromMinutes(10);
        var facts = Facts.For().With(e);

        Assert.Equal(DateTimeOffset.MinValue, MaintenanceLifecycle.DueAt(facts.Maintenance(), facts.Options));
    }
}
