using DrainSafe.Entities;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>
/// Which events the agent may approve. Approving an event releases it for every VM it lists, so an event is approvable
/// only when every cluster node whose VM it lists is drained; a VM that is no node of this cluster blocks it unless
/// configured otherwise; a user-initiated event may go as soon as this node is drained.
/// </summary>
public static class ApprovableEvents
{
    /// <summary>The approvable events among <paramref name="actionable"/>, for a node that is itself drained.</summary>
    /// <param name="facts">The facts (peers, options).</param>
    /// <param name="actionable">The node's actionable events.</param>
    public static IReadOnlyList<string> For(MaintenanceFacts facts, IEnumerable<ScheduledEvent> actionable)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(actionable);
        if (!facts.Options.ApprovalEnabled || facts.Options.DryRun)
        {
            return [];
        }

        var self = facts.Maintenance.Spec?.VmName ?? string.Empty;
        var byVm = facts.Peers
            .GroupBy(p => p.VmName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        return actionable
            .Where(e => e.EventStatus == ScheduledEventStatus.Scheduled)
            .Where(e => (facts.Options.ApproveUserEventsWhenDrained && e.EventSource == ScheduledEventSource.User)
                || e.Resources.All(vm => string.Equals(vm, self, StringComparison.OrdinalIgnoreCase) || IsDrained(vm, byVm, facts.Options.ApproveUnknownResources)))
            .Select(e => e.EventId)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static bool IsDrained(string vm, Dictionary<string, List<PeerMaintenance>> byVm, bool approveUnknown) =>
        byVm.TryGetValue(vm, out var peers) ? peers.All(p => PeerMaintenance.IsDrainedState(p.State)) : approveUnknown;
}
