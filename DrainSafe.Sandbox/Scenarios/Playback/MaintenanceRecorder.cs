using System.Globalization;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World.Disruption;
using DrainSafe.Sandbox.World.Maintenance;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>
/// Follows a scenario from samples of the cluster, VM impacts and eviction decisions: keeps one history per node and
/// event, and tells which node rows changed and what happened to them.
/// </summary>
internal sealed class MaintenanceRecorder
{
    private readonly List<NodeEventHistory> _histories = [];
    private readonly Dictionary<string, NodeView> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeOfVm = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _stepOfEvent = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EvictionObservation> _evictions = [];
    private readonly List<VmImpactObservation> _impacts = [];

    public IReadOnlyList<NodeEventHistory> Histories => _histories;

    public IReadOnlyList<EvictionObservation> Evictions => _evictions;

    public IReadOnlyList<VmImpactObservation> Impacts => _impacts;

    /// <summary>A step announced an event: a history starts for every node its VMs run.</summary>
    public void Announced(TimelineStepEvent announced, ClusterSample sample)
    {
        _stepOfEvent[announced.EventId] = announced.Step.Id;
        foreach (var vm in announced.Step.Vms)
        {
            var node = sample.NodeOfVm(vm) ?? _nodeOfVm.GetValueOrDefault(vm);
            if (node is null)
            {
                continue;
            }

            _nodeOfVm[vm] = node;
            var cordoned = sample.Nodes.TryGetValue(node, out var record) && record.Unschedulable;
            _histories.Add(new NodeEventHistory(node, vm, announced.Step.Id, announced.Step.EventType, announced.EventId, sample.At, cordoned,
                announced.Step.StartedAlready));
        }
    }

    /// <summary>Takes in what happened since the last sample and returns the node rows that changed.</summary>
    public List<(NodeView View, string Happened)> Observe(ClusterSample sample, IEnumerable<VmImpactObservation> impacts,
        IEnumerable<EvictionObservation> evictions)
    {
        var notes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var impact in impacts)
        {
            _impacts.Add(impact);
            if (impact.NodeName is { } impactedNode)
            {
                Note(notes, impactedNode, Describe(impact));
            }

            foreach (var history in _histories.Where(h => string.Equals(h.VmName, impact.VmName, StringComparison.OrdinalIgnoreCase) && h.EndedAt is null))
            {
                switch (impact.Kind)
                {
                    case VmImpactKind.Down:
                        history.Impact ??= impact;
                        break;
                    case VmImpactKind.Up:
                        history.UpAt ??= impact.At;
                        break;
                    default:
                        history.DeletedAt ??= impact.At;
                        break;
                }
            }
        }

        foreach (var eviction in evictions)
        {
            _evictions.Add(eviction);
            foreach (var history in _histories.Where(h => h.NodeName == eviction.NodeName && h.StartedAt is null && h.EndedAt is null))
            {
                if (eviction.Outcome == EvictionOutcome.Allowed)
                {
                    history.PodsEvicted++;
                }
                else if (eviction.Outcome is EvictionOutcome.BlockedByBudget or EvictionOutcome.BudgetNotObserved)
                {
                    history.PdbWaits++;
                    if (eviction.BudgetName is { } budget)
                    {
                        history.BlockedBy.Add($"{eviction.Namespace}/{budget}");
                    }
                }
            }
        }

        foreach (var history in _histories)
        {
            Update(history, sample, notes);
        }

        return ChangedRows(sample, notes);
    }

    private static void Note(Dictionary<string, List<string>> notes, string node, string text)
    {
        if (!notes.TryGetValue(node, out var list))
        {
            notes[node] = list = [];
        }

        list.Add(text);
    }

    private static string Describe(VmImpactObservation impact) => impact.Kind switch
    {
        VmImpactKind.Down when impact.EvictablePods.Any() => string.Create(CultureInfo.InvariantCulture,
            $"VM down ({impact.EventType}): {impact.EvictablePods.Count()} pods killed, nothing had drained them"),
        VmImpactKind.Down => $"VM down ({impact.EventType}): no evictable pod was left on it",
        VmImpactKind.Up => "VM back up",
        _ => "VM deleted; the node and its pods are gone",
    };

    private void Update(NodeEventHistory history, ClusterSample sample, Dictionary<string, List<string>> notes)
    {
        var now = sample.At;
        var listed = sample.Events.FirstOrDefault(e => string.Equals(e.EventId, history.EventId, StringComparison.OrdinalIgnoreCase));
        if (listed is not null)
        {
            history.NotBefore ??= listed.NotBefore;
            if (listed.EventStatus == ImdsEventStatus.Started && history.StartedAt is null)
            {
                history.StartedAt = now;
                var approved = history.ApprovedAt is not null || Approval(sample, history) is not null;
                if (!history.AppearedStarted)
                {
                    Note(notes, history.NodeName, $"{history.EventType} {history.StepId} Started ({(approved ? "approved" : "NotBefore passed, not approved")})");
                }
            }
        }
        else if (history.EndedAt is null)
        {
            history.EndedAt = now;
            Note(notes, history.NodeName, history.StartedAt is null
                ? $"{history.EventType} {history.StepId} withdrawn by Azure before it started"
                : $"{history.EventType} {history.StepId} over: the event left the list");
        }

        if (Approval(sample, history) is { } approval && history.ApprovedAt is null)
        {
            history.ApprovedAt = approval.At;
            Note(notes, history.NodeName, $"{history.StepId} approved through IMDS by {approval.ApprovedBy}");
        }

        if (!sample.Nodes.TryGetValue(history.NodeName, out var node))
        {
            return;
        }

        if (node.Unschedulable && !history.WasCordonedBefore && history.CordonedAt is null && history.EndedAt is null)
        {
            history.CordonedAt = now;
        }

        var evictable = sample.PodsByNode.GetValueOrDefault(node.Name).Evictable;
        // An approved event started after its drain, even when both show up in the same sample.
        if (history.CordonedAt is not null && history.DrainedAt is null && (history.StartedAt is null || history.ApprovedAt is not null)
            && history.EndedAt is null && evictable == 0)
        {
            history.DrainedAt = now;
            Note(notes, node.Name, "drained: no evictable pod left");
        }

        var down = history.Impact is not null && (history.UpAt is null || history.UpAt < history.Impact.At);
        if (history.OutOfServiceAt is not null && history.BackInServiceAt is null && node.IsReady && !down
            && node.Unschedulable == history.WasCordonedBefore && now > history.OutOfServiceAt)
        {
            history.BackInServiceAt = now;
        }
    }

    private static ImdsApproval? Approval(ClusterSample sample, NodeEventHistory history) =>
        sample.Approvals.FirstOrDefault(a => string.Equals(a.EventId, history.EventId, StringComparison.OrdinalIgnoreCase));

    private List<(NodeView View, string Happened)> ChangedRows(ClusterSample sample, Dictionary<string, List<string>> notes)
    {
        var rows = new List<(NodeView, string)>();
        var names = sample.Nodes.Keys.Concat(_views.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var view = ViewOf(name, sample);
            var previous = _views.GetValueOrDefault(name);
            var happened = notes.TryGetValue(name, out var list) ? list : [];
            if (previous is not null && view == previous && happened.Count == 0)
            {
                continue;
            }

            if (previous is not null)
            {
                if (previous.Unschedulable != view.Unschedulable && view.Exists)
                {
                    happened.Insert(0, view.Unschedulable ? "cordoned" : "uncordoned");
                }

                if (previous.Ready != view.Ready && view.Exists)
                {
                    happened.Insert(0, view.Ready ? "Ready" : "NotReady");
                }

                if (previous.EventStep is null && view.EventStep is not null)
                {
                    happened.Insert(0, view.EventStatus == "Started"
                        ? $"Azure: {view.EventType} {view.EventStep} appears already Started"
                        : $"Azure announces {view.EventType} {view.EventStep}");
                }

                if (view.Maintenance?.State is { } state && state != previous.Maintenance?.State)
                {
                    happened.Insert(0, "DrainSafe: " + state);
                }

                if (previous.Exists && !view.Exists && !happened.Any(h => h.Contains("deleted", StringComparison.Ordinal)))
                {
                    happened.Add("node deleted");
                }
            }

            _views[name] = view;
            rows.Add((view, string.Join("; ", happened)));
        }

        return rows;
    }

    private NodeView ViewOf(string name, ClusterSample sample)
    {
        var node = sample.Nodes.GetValueOrDefault(name);
        var vm = node?.VmName ?? _views.GetValueOrDefault(name)?.VmName;
        var listed = vm is null ? null : sample.Events
            .Where(e => e.Resources.Contains(vm, StringComparer.OrdinalIgnoreCase) && _stepOfEvent.ContainsKey(e.EventId))
            .OrderBy(e => e.EventStatus == ImdsEventStatus.Started ? 0 : 1)
            .FirstOrDefault();
        var (pods, evictable) = sample.PodsByNode.GetValueOrDefault(name);
        return new NodeView(name, vm, node is not null, node?.IsReady ?? false, node?.Unschedulable ?? false, pods, evictable,
            listed is null ? null : _stepOfEvent[listed.EventId], listed?.EventType, listed?.EventStatus.ToString(), listed?.NotBefore,
            sample.Maintenance.GetValueOrDefault(name));
    }
}
