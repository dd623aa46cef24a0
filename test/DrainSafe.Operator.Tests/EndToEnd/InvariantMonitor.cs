using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World.Disruption;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// Checks the maintenance invariants while a test runs (the soak, the fault tests): at every eviction the sandbox decides (no pod evicted against its
/// PDB, none evicted twice), at every approval IMDS accepts (every VM the event lists is a node in NodeDrained or
/// later with none of the workloads' pods left on it; once per VM), and every 100 ms over the nodes and the IMDS
/// events (no node cordoned without an actionable event for its VM, none still cordoned long after its events ended,
/// no actionable event missed). DrainSafe learns of events only from IMDS answers: while injected faults keep a VM's IMDS
/// from answering, nobody can know its event ended or began, so the last two count from the VM's first document
/// answered as it is (<see cref="ImdsVmStats.DocumentsServed"/>) after the change.
/// </summary>
internal sealed class InvariantMonitor : IAsyncDisposable
{
    /// <summary>A cordon must begin while an actionable event lists the VM, or this soon after it left (the agent and operator lag).</summary>
    public static readonly TimeSpan CordonStartSlack = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A node must be back in service this soon after the last actionable event for its VM left the list and its IMDS
    /// then answered a document showing that.
    /// </summary>
    public static readonly TimeSpan BackInServiceBound = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    private readonly OperatorWorld world;
    private readonly int nodes;
    private readonly object gate = new();
    private readonly List<string> violations = [];
    private readonly Dictionary<string, SoakEvent> events = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> actionableListedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> cordonedSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> servedAfterActionable = new(StringComparer.Ordinal);
    private readonly HashSet<string> staleActionableQueued = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Node, DateTimeOffset Deadline), DateTimeOffset> drainsStarted = [];
    private readonly HashSet<string> lateReported = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> allowedEvictions = new(StringComparer.Ordinal);
    private readonly HashSet<(string EventId, string Vm)> approvedBy = [];
    private readonly Dictionary<string, (ImdsDocument Current, ImdsDocument? Previous)> documents = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task sampling = Task.CompletedTask;
    private long blockedEvictions;
    private long approvals;
    private long earlyStarts;
    private long returnedToService;
    private long unseenEvents;
    private long samples;

    public InvariantMonitor(OperatorWorld world, int nodes)
    {
        this.world = world;
        this.nodes = nodes;
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return violations.ToList();
            }
        }
    }

    public long Evictions => allowedEvictions.Values.Sum();

    public long EvictionsRefused => Interlocked.Read(ref blockedEvictions);

    public long Approvals => Interlocked.Read(ref approvals);

    public long EarlyStarts => Interlocked.Read(ref earlyStarts);

    public long ReturnedToService => Interlocked.Read(ref returnedToService);

    /// <summary>Actionable events that ended with no VM they list ever answered a document while they were Scheduled.</summary>
    public long UnseenEvents => Interlocked.Read(ref unseenEvents);

    public long Samples => Interlocked.Read(ref samples);

    public static bool IsActionable(string eventType) => eventType is not ImdsEventTypes.Freeze;

    public void Start()
    {
        world.Cluster.Evictions.Observed += OnEviction;
        world.Cluster.Imds.Approving += OnApproving;
        sampling = Task.Run(SampleAsync);
    }

    /// <summary>The soak announced an event.</summary>
    public void Announced(string eventId, string eventType, IReadOnlyList<string> vms)
    {
        lock (gate)
        {
            events[eventId] = new SoakEvent(eventId, eventType, vms, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The soak cancelled an event (it left the list while Scheduled).</summary>
    public void Cancelled(string eventId)
    {
        lock (gate)
        {
            events[eventId].Cancelled = true;
        }
    }

    /// <summary>The events announced so far, by whether they are over.</summary>
    public (int Announced, int Over, int Cancelled, int Actionable) EventCounts()
    {
        lock (gate)
        {
            return (events.Count, events.Values.Count(e => e.EndedAt is not null), events.Values.Count(e => e.Cancelled),
                events.Values.Count(e => IsActionable(e.EventType)));
        }
    }

    /// <summary>
    /// The soak queued an outdated document for <paramref name="vm"/> that lists an actionable event: until IMDS has
    /// answered it, the VM counts as listing an actionable event (the agent may act on what it is told).
    /// </summary>
    public void StaleDocumentQueued(string vm, ImdsDocument stale)
    {
        if (stale.Events.Any(e => IsActionable(e.EventType)))
        {
            lock (gate)
            {
                staleActionableQueued.Add(vm);
            }
        }
    }

    /// <summary>
    /// When the drain whose deadline is <paramref name="deadline"/> (to the second) began on <paramref name="node"/>, as
    /// sampled from its NodeMaintenance's status; null when no sample saw it draining (it began at or after the deadline).
    /// </summary>
    public DateTimeOffset? DrainStarted(string node, DateTimeOffset deadline)
    {
        lock (gate)
        {
            return drainsStarted.TryGetValue((node, ToSecond(deadline)), out var started) ? started : null;
        }
    }

    private static DateTimeOffset ToSecond(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The document a VM served before its current one, if the monitor saw one with a lower incarnation.</summary>
    public ImdsDocument? PreviousDocument(string vm)
    {
        lock (gate)
        {
            return documents.TryGetValue(vm, out var d) && d.Previous is { } previous && previous.DocumentIncarnation < d.Current.DocumentIncarnation ? previous : null;
        }
    }

    public void Violation(string what)
    {
        lock (gate)
        {
            if (violations.Count < 200)
            {
                violations.Add($"+{DateTimeOffset.UtcNow:HH:mm:ss.fff} {what}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        world.Cluster.Evictions.Observed -= OnEviction;
        world.Cluster.Imds.Approving -= OnApproving;
        await stop.CancelAsync();
        await sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private void OnEviction(EvictionObservation o)
    {
        if (o.BrokeBudget)
        {
            Violation($"{o.Namespace}/{o.PodName} on {o.NodeName} evicted against {o.BudgetName}: {o.HealthyAfter} healthy after, {o.DesiredHealthy} desired");
        }

        if (o.Outcome == EvictionOutcome.Allowed)
        {
            if (allowedEvictions.AddOrUpdate($"{o.Namespace}/{o.PodName}", 1, (_, n) => n + 1) == 2)
            {
                Violation($"{o.Namespace}/{o.PodName} evicted a second time");
            }
        }
        else
        {
            Interlocked.Increment(ref blockedEvictions);
        }
    }

    // Under the IMDS lock, before the event starts: reads only the store.
    private void OnApproving(ImdsApproval approval, IReadOnlyList<string> vms)
    {
        Interlocked.Increment(ref approvals);
        if (approval.StartedTheEvent)
        {
            Interlocked.Increment(ref earlyStarts);
        }

        lock (gate)
        {
            if (!approvedBy.Add((approval.EventId.ToUpperInvariant(), approval.ApprovedBy)))
            {
                Violation($"event {approval.EventId} approved a second time by {approval.ApprovedBy}");
            }
        }

        foreach (var vm in vms)
        {
            var index = IndexOf(vm);
            if (index < 0)
            {
                Violation($"event {approval.EventId} approved by {approval.ApprovedBy} lists {vm}, which is no node");
                continue;
            }

            var node = OperatorWorld.Node(index);
            var state = world.Maintenance(index)?.Status?.State;
            if (state is not (MaintenanceState.NodeDrained or MaintenanceState.MaintenanceStarted))
            {
                Violation($"event {approval.EventId} approved by {approval.ApprovedBy} while {node} is {state?.ToString() ?? "(no status)"}");
            }

            var left = world.PodsOn(node);
            if (left.Count > 0)
            {
                Violation($"event {approval.EventId} approved by {approval.ApprovedBy} while {node} still has {string.Join(", ", left.Select(p => p.Metadata.Name))}");
            }
        }
    }

    private int IndexOf(string vm)
    {
        for (var i = 0; i < nodes; i++)
        {
            if (string.Equals(OperatorWorld.Vm(i), vm, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        var now = DateTimeOffset.UtcNow;
        var listed = world.Cluster.Imds.GetEvents();
        var nodeObjects = world.Store.List<V1Node>().ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var maintenances = world.Store.List<NodeMaintenance>().ToDictionary(m => m.Metadata.Name, StringComparer.Ordinal);

        // Read IMDS before taking the gate: the approval hook holds the IMDS lock and then takes the gate.
        var served = Enumerable.Range(0, nodes).Select(i => world.Cluster.Imds.GetDocument(OperatorWorld.Vm(i))).ToList();
        var stats = Enumerable.Range(0, nodes).Select(i => world.Cluster.Imds.GetVmStats(OperatorWorld.Vm(i))).ToDictionary(s => s.VmName, StringComparer.OrdinalIgnoreCase);
        lock (gate)
        {
            Interlocked.Increment(ref samples);
            foreach (var e in listed.Where(e => IsActionable(e.EventType)))
            {
                foreach (var vm in e.Resources)
                {
                    actionableListedAt[vm] = now;
                    servedAfterActionable.Remove(vm);
                    if (e.EventStatus == ImdsEventStatus.Scheduled && events.TryGetValue(e.EventId, out var announced)
                        && stats.TryGetValue(vm, out var vmStats) && vmStats.LastDocumentServedAt >= announced.AnnouncedAt)
                    {
                        announced.SeenScheduled = true;
                    }
                }
            }

            // An outdated document that lists an actionable event counts as a listing until IMDS has answered it.
            foreach (var vm in staleActionableQueued.ToList())
            {
                actionableListedAt[vm] = now;
                servedAfterActionable.Remove(vm);
                if (stats.TryGetValue(vm, out var queued) && queued.PendingFaultCalls == 0)
                {
                    staleActionableQueued.Remove(vm);
                }
            }

            var listedIds = listed.Select(l => l.EventId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var tracked in events.Values.Where(e => e.EndedAt is null && e.SeenListed && !listedIds.Contains(e.Id)))
            {
                tracked.EndedAt = now;
                if (IsActionable(tracked.EventType) && !tracked.Cancelled && !tracked.SeenScheduled)
                {
                    Interlocked.Increment(ref unseenEvents);
                }
                else if (IsActionable(tracked.EventType) && !tracked.Cancelled && tracked.CordonedNodes.Count == 0)
                {
                    Violation($"{tracked.EventType} {tracked.Id} for {string.Join(",", tracked.Vms)} ended and no node it lists was ever cordoned: missed");
                }
            }

            foreach (var e in listed)
            {
                if (events.TryGetValue(e.EventId, out var tracked))
                {
                    tracked.SeenListed = true;
                }
            }

            for (var i = 0; i < nodes; i++)
            {
                var vm = OperatorWorld.Vm(i);
                var node = OperatorWorld.Node(i);
                var document = served[i];
                if (!documents.TryGetValue(vm, out var known))
                {
                    documents[vm] = (document, null);
                }
                else if (known.Current.DocumentIncarnation != document.DocumentIncarnation)
                {
                    documents[vm] = (document, known.Current);
                }

                if (maintenances.TryGetValue(node, out var maintenance) && maintenance.Status is { State: MaintenanceState.NodeDraining, Drain: { StartedAt: { } began, Deadline: { } due } })
                {
                    drainsStarted.TryAdd((node, ToSecond(due)), began);
                }

                if (!nodeObjects.TryGetValue(node, out var nodeObject))
                {
                    continue;
                }

                var actionableNow = listed.Any(e => IsActionable(e.EventType) && e.Resources.Contains(vm, StringComparer.OrdinalIgnoreCase));
                var lastActionable = actionableListedAt.TryGetValue(vm, out var at) ? at : (DateTimeOffset?)null;
                if (!actionableNow && lastActionable is { } ended && !servedAfterActionable.ContainsKey(vm)
                    && stats[vm].LastDocumentServedAt is { } answered && answered > ended)
                {
                    servedAfterActionable[vm] = answered;
                }
                if (nodeObject.Spec?.Unschedulable == true)
                {
                    if (!cordonedSince.ContainsKey(node))
                    {
                        cordonedSince[node] = now;
                        lateReported.Remove(node);
                        if (!actionableNow && (lastActionable is null || now - lastActionable > CordonStartSlack))
                        {
                            var others = string.Join(", ", listed.Where(e => e.Resources.Contains(vm, StringComparer.OrdinalIgnoreCase)).Select(e => $"{e.EventType} {e.EventStatus}"));
                            Violation($"{node} cordoned without an actionable event for {vm} (last one {(lastActionable is null ? "never" : $"{(now - lastActionable.Value).TotalSeconds:F1} s ago")}; listed now: {(others.Length == 0 ? "none" : others)})");
                        }
                    }

                    foreach (var e in listed.Where(e => IsActionable(e.EventType) && e.Resources.Contains(vm, StringComparer.OrdinalIgnoreCase)))
                    {
                        if (events.TryGetValue(e.EventId, out var tracked))
                        {
                            tracked.CordonedNodes.Add(node);
                        }
                    }

                    if (!actionableNow && lastActionable is { } last && servedAfterActionable.TryGetValue(vm, out var told)
                        && now - told > BackInServiceBound && lateReported.Add(node))
                    {
                        Violation($"{node} still cordoned {(now - last).TotalSeconds:F1} s after the last actionable event for {vm} left the list "
                            + $"({(now - told).TotalSeconds:F1} s after its IMDS first answered without it): {world.Describe(i)}");
                    }
                }
                else if (cordonedSince.Remove(node))
                {
                    Interlocked.Increment(ref returnedToService);
                }
            }
        }
    }

    private sealed class SoakEvent(string id, string eventType, IReadOnlyList<string> vms, DateTimeOffset announcedAt)
    {
        public string Id { get; } = id;

        public string EventType { get; } = eventType;

        public IReadOnlyList<string> Vms { get; } = vms;

        public DateTimeOffset AnnouncedAt { get; } = announcedAt;

        public bool Cancelled { get; set; }

        public bool SeenListed { get; set; }

        /// <summary>Some VM it lists was answered a document while it was Scheduled: the agent could know of it in time.</summary>
        public bool SeenScheduled { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public HashSet<string> CordonedNodes { get; } = new(StringComparer.Ordinal);
    }
}
