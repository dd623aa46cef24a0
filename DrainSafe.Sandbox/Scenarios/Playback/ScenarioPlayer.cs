using System.Collections.Concurrent;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Disruption;
using DrainSafe.Sandbox.World.Maintenance;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>
/// Plays a <see cref="Scenario"/> against a <see cref="SimulatedCluster"/>: builds its cluster, waits until the
/// workloads run, announces and withdraws the Azure events of its timeline at their times, follows every node until
/// the events are over and the cluster has settled, and judges the expectations.
/// </summary>
public sealed class ScenarioPlayer
{
    private readonly SimulatedCluster _cluster;
    private readonly Scenario _scenario;
    private readonly ScenarioRunOptions _options;

    /// <summary>Prepares to play <paramref name="scenario"/> on <paramref name="cluster"/>, which must have no nodes yet.</summary>
    public ScenarioPlayer(SimulatedCluster cluster, Scenario scenario, ScenarioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(scenario);
        _cluster = cluster;
        _scenario = scenario;
        _options = options ?? new ScenarioRunOptions();
        _options.Validate();
    }

    /// <summary>
    /// Awaited once the cluster is built and its workloads run, before the timeline starts: where DrainSafe's agents
    /// join their nodes.
    /// </summary>
    public Func<CancellationToken, Task>? ClusterReady { get; init; }

    /// <summary>Raised when the workloads run and the timeline starts.</summary>
    public event Action<DateTimeOffset>? TimelineStarted;

    /// <summary>Raised (on the player's task) whenever a node's row changes, with what happened.</summary>
    public event Action<NodeChange>? NodeChanged;

    /// <summary>Plays the scenario to its end (or its timeout) and reports.</summary>
    public async Task<ScenarioReport> PlayAsync(CancellationToken cancellationToken = default)
    {
        var time = _cluster.Time;
        var builder = new ClusterBuilder(_cluster, _scenario, _options);
        await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
        await builder.WaitUntilRunningAsync(_options.WorkloadReadyTimeout, cancellationToken).ConfigureAwait(false);
        if (ClusterReady is not null)
        {
            await ClusterReady(cancellationToken).ConfigureAwait(false);
        }

        var impacts = new ConcurrentQueue<VmImpactObservation>();
        var evictions = new ConcurrentQueue<EvictionObservation>();
        void OnImpact(VmImpactObservation impact) => impacts.Enqueue(impact);
        void OnEviction(EvictionObservation eviction) => evictions.Enqueue(eviction);
        _cluster.VmImpacted += OnImpact;
        _cluster.Evictions.Observed += OnEviction;
        try
        {
            var recorder = new MaintenanceRecorder();
            var start = time.GetUtcNow();
            TimelineStarted?.Invoke(start);
            var timeout = Scale(_scenario.Timeout);
            var pending = new Queue<TimelineStep>(_scenario.Timeline.OrderBy(s => s.At));
            var eventIdOfStep = new Dictionary<string, string>(StringComparer.Ordinal);
            var timedOut = false;
            ClusterSample sample;
            while (true)
            {
                var elapsed = time.GetUtcNow() - start;
                while (pending.TryPeek(out var step) && Scale(step.At) <= elapsed)
                {
                    pending.Dequeue();
                    Play(step, eventIdOfStep, recorder);
                }

                sample = Observe(recorder, impacts, evictions, start);
                var ours = OurEvents(sample, eventIdOfStep);
                if (pending.Count == 0 && ours.Count == 0)
                {
                    break;
                }

                if (elapsed >= timeout)
                {
                    timedOut = true;
                    break;
                }

                await Task.Delay(_options.SampleInterval, time, cancellationToken).ConfigureAwait(false);
            }

            var settleBy = time.GetUtcNow() + _options.SettleTimeout;
            var unsettled = builder.NotYetRunning();
            while ((unsettled.Count > 0 || (_options.DrainSafeRunning && MaintenanceInProgress())) && time.GetUtcNow() < settleBy)
            {
                await Task.Delay(_options.SampleInterval, time, cancellationToken).ConfigureAwait(false);
                sample = Observe(recorder, impacts, evictions, start);
                unsettled = builder.NotYetRunning();
            }

            sample = Observe(recorder, impacts, evictions, start);
            var leftover = OurEvents(sample, eventIdOfStep);
            return new ScenarioReport
            {
                Scenario = _scenario,
                Options = _options,
                TimelineStartedAt = start,
                FinishedAt = sample.At,
                TimedOut = timedOut,
                Unsettled = unsettled,
                Histories = recorder.Histories,
                Evictions = recorder.Evictions,
                Expectations = ExpectationEvaluator.Evaluate(_scenario, _options, timedOut, recorder.Histories, recorder.Evictions,
                    sample, eventIdOfStep, leftover),
            };
        }
        finally
        {
            _cluster.VmImpacted -= OnImpact;
            _cluster.Evictions.Observed -= OnEviction;
        }
    }

    // DrainSafe restores a node a moment after its event leaves IMDS (the agent's next poll, then the operator): wait for it.
    private bool MaintenanceInProgress()
    {
        if (_cluster.Store.Resources.Find(DrainSafe.Entities.NodeMaintenance.GroupName, DrainSafe.Entities.NodeMaintenance.Version, DrainSafe.Entities.NodeMaintenance.Plural) is not { } resource)
        {
            return false;
        }

        return _cluster.Store.List(resource).Items.Select(o => o.Deserialize<DrainSafe.Entities.NodeMaintenance>()).Any(m =>
            m.Status is { } status && (status.CordonedByDrainSafe
                || status.State is not (null or DrainSafe.Entities.MaintenanceState.NodeRunning or DrainSafe.Entities.MaintenanceState.NodeUncordoned)
                || (status.State == DrainSafe.Entities.MaintenanceState.NodeRunning && status.CurrentEvent is not null)));
    }

    private static List<ImdsScheduledEvent> OurEvents(ClusterSample sample, Dictionary<string, string> eventIdOfStep) =>
        sample.Events.Where(e => eventIdOfStep.Values.Contains(e.EventId, StringComparer.OrdinalIgnoreCase)).ToList();

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private TimeSpan Scale(TimeSpan value) => value * _options.TimeScale;

    private void Play(TimelineStep step, Dictionary<string, string> eventIdOfStep, MaintenanceRecorder recorder)
    {
        if (step.Action == TimelineAction.Cancel)
        {
            if (step.Cancels is { } cancelled && eventIdOfStep.TryGetValue(cancelled, out var id))
            {
                _cluster.Imds.CancelEvent(id);
            }

            return;
        }

        var eventId = _cluster.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventType = step.EventType,
            Resources = step.Vms,
            Notice = step.StartedAlready ? null : Scale(step.Notice),
            EventSource = step.Source,
            Duration = Scale(step.Duration) > TimeSpan.Zero ? Scale(step.Duration) : null,
            StartedAlready = step.StartedAlready,
            Description = DescriptionOf(step.EventType),
        });
        eventIdOfStep[step.Id] = eventId;
        recorder.Announced(new TimelineStepEvent(step, eventId), ClusterSample.Take(_cluster));
    }

    private ClusterSample Observe(MaintenanceRecorder recorder, ConcurrentQueue<VmImpactObservation> impacts,
        ConcurrentQueue<EvictionObservation> evictions, DateTimeOffset start)
    {
        var sample = ClusterSample.Take(_cluster);
        foreach (var (view, happened) in recorder.Observe(sample, Drain(impacts), Drain(evictions)))
        {
            NodeChanged?.Invoke(new NodeChange(sample.At - start, sample.At, view, happened));
        }

        return sample;
    }

    private static string DescriptionOf(string eventType) => eventType switch
    {
        "Redeploy" => "Virtual machine is being moved to another host.",
        "Preempt" => "Spot virtual machine is being evicted.",
        "Terminate" => "Virtual machine is being deleted.",
        "Freeze" => "Virtual machine is being paused because of a memory-preserving Live Migration operation.",
        _ => "Host server is undergoing maintenance.",
    };
}
