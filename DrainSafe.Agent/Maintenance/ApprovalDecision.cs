using DrainSafe.Agent.Imds;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Maintenance;

/// <summary>Which events to approve with IMDS now: the pure part of approval.</summary>
public static class ApprovalDecision
{
    /// <summary>
    /// The events to POST: the operator lists them as approvable, IMDS still shows them Scheduled for this VM, and
    /// they have not been approved before (by this process or, per <c>status.approvedEventIds</c>, an earlier one).
    /// Ids compare case-insensitively; the result uses IMDS' spelling.
    /// </summary>
    /// <param name="approvable">The operator's <c>status.approvableEventIds</c>.</param>
    /// <param name="vmEvents">The events of the latest good document that list this VM.</param>
    /// <param name="alreadyApproved">Every event approved so far.</param>
    public static IReadOnlyList<string> EventsToApprove(
        IEnumerable<string> approvable, IEnumerable<ScheduledEvent> vmEvents, IEnumerable<string> alreadyApproved)
    {
        ArgumentNullException.ThrowIfNull(approvable);
        ArgumentNullException.ThrowIfNull(vmEvents);
        ArgumentNullException.ThrowIfNull(alreadyApproved);
        var marked = new HashSet<string>(approvable, StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(alreadyApproved, StringComparer.OrdinalIgnoreCase);
        return vmEvents
            .Where(e => e.EventStatus == ScheduledEventStatus.Scheduled && marked.Contains(e.EventId) && !done.Contains(e.EventId))
            .Select(e => e.EventId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// What <c>status.approvedEventIds</c> should say: every approval recorded or made so far, except those of events that
    /// have left the IMDS document. Dropping those is safe (an EventId never comes back, so it can never be approved
    /// again) and keeps the list from growing for the life of the node. Recorded ids keep their order; new ones follow.
    /// </summary>
    /// <param name="recorded">The current <c>status.approvedEventIds</c>.</param>
    /// <param name="approved">Every event this process has approved or adopted.</param>
    /// <param name="document">The latest good IMDS document (all its events, whichever VMs they list).</param>
    public static IReadOnlyList<string> ApprovalRecord(IEnumerable<string> recorded, IEnumerable<string> approved, ImdsSnapshot document)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(document);
        var listed = new HashSet<string>(document.Events.Select(e => e.EventId), StringComparer.OrdinalIgnoreCase);
        return recorded.Concat(approved)
            .Where(listed.Contains)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
