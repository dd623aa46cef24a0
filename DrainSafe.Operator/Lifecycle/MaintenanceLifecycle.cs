using DrainSafe.Entities;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>
/// The maintenance lifecycle as a pure function: from the facts, the one next step. States move
/// NodeRunning → MaintenanceScheduled → NodeCordoning → NodeCordoned → NodeDraining → NodeDrained → MaintenanceStarted,
/// and, once no actionable event lists the VM any more, → NodeRunning → NodeUncordoned.
/// </summary>
public static class MaintenanceLifecycle
{
    /// <summary>How often a node waiting for its peers (approval) or a slot (concurrency) looks again.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The reason of the Drained condition when the deadline policy removed the last pods: such a node is not approved
    /// (nothing is gained a moment before NotBefore, and its budgets were not respected).
    /// </summary>
    public const string DeadlinePolicyApplied = "DeadlinePolicyApplied";

    /// <summary>The next step for the node.</summary>
    /// <param name="facts">What the reconciler read.</param>
    public static LifecycleStep Next(MaintenanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var status = facts.Maintenance.Status ?? new NodeMaintenanceStatus();
        var state = status.State;
        if (facts.Node is not { } node)
        {
            return new Idle { Why = "the node no longer exists; its NodeMaintenance goes with it" };
        }

        var actionable = ActionableEvents(facts.Maintenance, facts.Options);
        var primary = MostUrgent(actionable);

        // Someone uncordoned the node while DrainSafe held it: respect that, and do not fight over it.
        if (status.CordonedByDrainSafe && !node.Unschedulable && !facts.Options.DryRun
            && state is MaintenanceState.NodeCordoned or MaintenanceState.NodeDraining or MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted)
        {
            return new YieldNode(actionable.Select(e => e.EventId).ToList()) { Why = "the node was made schedulable by someone else during the maintenance" };
        }

        if (primary is null)
        {
            return AfterMaintenance(status, facts);
        }

        var action = facts.Options.ActionFor(primary.EventType);
        var started = actionable.Any(e => e.EventStatus == ScheduledEventStatus.Started);
        switch (state)
        {
            case null or MaintenanceState.NodeRunning or MaintenanceState.NodeUncordoned:
                return new EnterState(MaintenanceState.MaintenanceScheduled, primary, "MaintenanceScheduled")
                {
                    Why = $"{primary.EventType} event {primary.EventId} lists this VM",
                };

            case MaintenanceState.MaintenanceScheduled:
                if (!started && primary.NotBefore is { } due && due - facts.Now > facts.Options.DrainLeadTime)
                {
                    return new WaitUntil(due - facts.Options.DrainLeadTime) { Why = $"NotBefore {due:u} is further ahead than the lead time {facts.Options.DrainLeadTime}" };
                }

                if (!started && !ConcurrencyAllows(facts, primary))
                {
                    return new WaitUntil(facts.Now + Recheck) { Why = $"the limit of {facts.Options.MaxConcurrentNodes} nodes cordoned at once is reached" };
                }

                return new EnterState(MaintenanceState.NodeCordoning, primary, "Cordoning") { Why = "the drain window is open" };

            case MaintenanceState.NodeCordoning:
                return new CordonNode(primary) { Why = "cordon before draining" };

            case MaintenanceState.NodeCordoned:
                if (started && action != EventAction.Drain)
                {
                    return new EnterState(MaintenanceState.MaintenanceStarted, primary, "MaintenanceStarted") { Why = "Azure reports the event Started" };
                }

                return action == EventAction.Drain
                    ? new EnterState(MaintenanceState.NodeDraining, primary, "DrainStarted") { Why = "the node is cordoned" }
                    : new Idle { Why = $"the policy for {primary.EventType} is to cordon only" };

            case MaintenanceState.NodeDraining:
                if (facts.Drain.Phase == DrainPhase.Completed)
                {
                    return new EnterState(MaintenanceState.NodeDrained, primary, "Drained") { Why = "every evictable pod is gone" };
                }

                var start = status.Drain?.StartedAt ?? facts.Now;
                return new DrainNode(primary, DrainDeadline.Of(start, primary.NotBefore, facts.Options.DeadlineMargin, facts.Options.MaxDrainTime))
                {
                    Why = "pods are still on the node",
                };

            case MaintenanceState.NodeDrained:
                if (started)
                {
                    return new EnterState(MaintenanceState.MaintenanceStarted, primary, "MaintenanceStarted") { Why = "Azure reports the event Started" };
                }

                var forced = status.Conditions.Any(c => c.Type == MaintenanceConditionTypes.Drained && c.Reason == DeadlinePolicyApplied);
                var approvable = forced ? [] : ApprovableEvents.For(facts, actionable);
                return !SameSet(approvable, status.ApprovableEventIds)
                    ? new SetApprovable(approvable) { Why = approvable.Count > 0 ? "every listed node is drained" : "no event may be approved yet" }
                    : new WaitUntil(facts.Now + Recheck) { Why = "waiting for Azure to start the maintenance" };

            default:
                return status.ApprovableEventIds.Count > 0
                    ? new SetApprovable([]) { Why = "the maintenance has started" }
                    : new Idle { Why = "the maintenance is in progress; waiting for the event to leave the list" };
        }
    }

    /// <summary>The events that list this VM, that the policy acts on, and that DrainSafe has not yielded.</summary>
    /// <param name="maintenance">The NodeMaintenance.</param>
    /// <param name="options">The policy.</param>
    public static IReadOnlyList<ScheduledEvent> ActionableEvents(NodeMaintenance maintenance, DrainSafeOptions options)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        ArgumentNullException.ThrowIfNull(options);
        var yielded = maintenance.Status?.YieldedEventIds ?? [];
        return (maintenance.Spec?.Events ?? [])
            .Where(e => options.ActionFor(e.EventType) != EventAction.None)
            .Where(e => !yielded.Contains(e.EventId, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The event to handle first: a Started one, else the earliest NotBefore; null when there is none.</summary>
    /// <param name="events">The actionable events.</param>
    public static ScheduledEvent? MostUrgent(IEnumerable<ScheduledEvent> events) =>
        events.OrderBy(e => e.EventStatus == ScheduledEventStatus.Started ? 0 : 1)
            .ThenBy(e => e.NotBefore ?? DateTimeOffset.MinValue)
            .ThenBy(e => e.EventId, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();

    /// <summary>When the node's most urgent actionable event is due: MinValue once Started; null when it has none.</summary>
    /// <param name="maintenance">The NodeMaintenance.</param>
    /// <param name="options">The policy.</param>
    public static DateTimeOffset? DueAt(NodeMaintenance maintenance, DrainSafeOptions options) =>
        MostUrgent(ActionableEvents(maintenance, options)) is { } e
            ? e.EventStatus == ScheduledEventStatus.Started ? DateTimeOffset.MinValue : e.NotBefore ?? DateTimeOffset.MinValue
            : null;

    private static LifecycleStep AfterMaintenance(NodeMaintenanceStatus status, MaintenanceFacts facts)
    {
        switch (status.State)
        {
            case MaintenanceState.MaintenanceScheduled or MaintenanceState.NodeCordoning or MaintenanceState.NodeCordoned
                or MaintenanceState.NodeDraining or MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted:
                var cancelled = status.State != MaintenanceState.MaintenanceStarted;
                return new EnterState(MaintenanceState.NodeRunning, null, cancelled ? "MaintenanceCancelled" : "MaintenanceCompleted")
                {
                    Why = cancelled ? "the event left the list before it started (cancelled)" : "no event for this VM remains",
                };
            case null:
                return new EnterState(MaintenanceState.NodeRunning, null, "NodeRunning") { Why = "no actionable event lists this VM" };
        }

        // An event DrainSafe yielded is still going on: the node stays as the person who uncordoned it left it.
        if (status.YieldedEventIds.Any(id => Listed(facts.Maintenance, id)))
        {
            return new Idle { Why = "someone else took the node back during an event that is still listed" };
        }

        if (status.CordonedByDrainSafe || facts.Node!.OwnedCordon || status.CurrentEvent is not null)
        {
            return new RestoreNode { Why = "the maintenance is over" };
        }

        if (status.ApprovableEventIds.Count > 0)
        {
            return new SetApprovable([]) { Why = "the events have left the list" };
        }

        return status.YieldedEventIds.Count > 0
            ? new ForgetYieldedEvents(status.YieldedEventIds.Where(id => Listed(facts.Maintenance, id)).ToList()) { Why = "the yielded events have left the list" }
            : new Idle { Why = "no actionable event lists this VM" };
    }

    private static bool Listed(NodeMaintenance maintenance, string eventId) =>
        maintenance.Spec?.Events?.Any(e => string.Equals(e.EventId, eventId, StringComparison.OrdinalIgnoreCase)) == true;

    private static bool ConcurrencyAllows(MaintenanceFacts facts, ScheduledEvent primary)
    {
        if (ConcurrencyLimit.Resolve(facts.Options.MaxConcurrentNodes, facts.ClusterNodes) is not { } limit)
        {
            return true;
        }

        // An event about to happen is never held back: Azure takes the VM down at NotBefore anyway.
        if (primary.NotBefore is not { } due || due - facts.Now <= facts.Options.UrgentWithin)
        {
            return true;
        }

        var self = facts.Maintenance.Metadata.Name;
        var active = facts.Peers.Count(p => p.NodeName != self && PeerMaintenance.IsCordonedState(p.State));
        var free = limit - active;
        if (free <= 0)
        {
            return false;
        }

        // Earliest NotBefore first: only the first `free` of the nodes waiting for a slot may go.
        var ahead = facts.Peers.Count(p => p.NodeName != self && IsWaiting(p.State) && p.DueAt is { } d
            && d - facts.Now <= facts.Options.DrainLeadTime
            && (d < due || (d == due && string.CompareOrdinal(p.NodeName, self) < 0)));
        return ahead < free;
    }

    // Waiting for a slot, or about to (the cache may not show MaintenanceScheduled yet).
    private static bool IsWaiting(MaintenanceState? state) =>
        state is null or MaintenanceState.MaintenanceScheduled or MaintenanceState.NodeRunning or MaintenanceState.NodeUncordoned;

    private static bool SameSet(IReadOnlyCollection<string> a, IEnumerable<string> b) =>
        a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);
}
