using System.Diagnostics.Metrics;
using DrainSafe.Entities;
using DrainSafe.Operator.Drain;

namespace DrainSafe.Operator.Observability;

/// <summary>
/// The operator's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <see cref="MeterName"/>), exported on
/// <c>/metrics</c> in Prometheus format as <c>drainsafe_operator_*</c> (e.g. <c>drainsafe_operator_transitions_total</c>).
/// </summary>
public sealed class DrainSafeMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DrainSafe.Operator";

    private readonly Meter meter;
    private readonly Counter<long> transitions;
    private readonly Histogram<double> drainDuration;
    private readonly Counter<long> evictions;
    private readonly Counter<long> evictionRetries;
    private readonly Counter<long> approvals;
    private readonly Counter<long> reconcileErrors;
    private readonly Histogram<double> reconcileDuration;
    private Func<IEnumerable<(MaintenanceState State, int Count)>> states = () => [];

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public DrainSafeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("nodes", () => states().Select(s => new Measurement<int>(s.Count, new KeyValuePair<string, object?>("state", s.State.ToString()))),
            description: "NodeMaintenances per lifecycle state.");
        transitions = meter.CreateCounter<long>("transitions", description: "Lifecycle state transitions, by the state entered.");
        drainDuration = meter.CreateHistogram<double>("drain_duration", unit: "s", description: "Time from the start of a drain to the node drained.");
        evictions = meter.CreateCounter<long>("evictions", description: "Eviction requests, by result.");
        evictionRetries = meter.CreateCounter<long>("eviction_retries", description: "Evictions refused by a PodDisruptionBudget (429) and retried.");
        approvals = meter.CreateCounter<long>("approvable_events", description: "Events marked approvable.");
        reconcileErrors = meter.CreateCounter<long>("reconcile_errors", description: "Reconciles that failed.");
        reconcileDuration = meter.CreateHistogram<double>("reconcile_duration", unit: "s", description: "Time spent in one reconcile.");
    }

    /// <summary>The meter of this host's instruments.</summary>
    public Meter Meter => meter;

    /// <summary>Where the per-state gauge reads its counts (the NodeMaintenance cache).</summary>
    /// <param name="source">Counts per state.</param>
    public void ObserveStates(Func<IEnumerable<(MaintenanceState State, int Count)>> source) => states = source;

    /// <summary>A node entered <paramref name="state"/>.</summary>
    /// <param name="state">The state entered.</param>
    public void Transition(MaintenanceState state) => transitions.Add(1, new KeyValuePair<string, object?>("state", state.ToString()));

    /// <summary>A drain finished after <paramref name="duration"/>.</summary>
    /// <param name="duration">From start to drained.</param>
    public void Drained(TimeSpan duration) => drainDuration.Record(duration.TotalSeconds);

    /// <summary>An eviction request ended with <paramref name="result"/>.</summary>
    /// <param name="result">The result.</param>
    public void Eviction(EvictionResult result) => evictions.Add(1, new KeyValuePair<string, object?>("result", result.ToString()));

    /// <summary>A 429 will be retried.</summary>
    public void EvictionRetry() => evictionRetries.Add(1);

    /// <summary>Events were marked approvable.</summary>
    /// <param name="count">How many.</param>
    public void Approvable(int count) => approvals.Add(count);

    /// <summary>A reconcile ended.</summary>
    /// <param name="duration">How long it took.</param>
    /// <param name="failed">True when it failed.</param>
    public void Reconciled(TimeSpan duration, bool failed)
    {
        reconcileDuration.Record(duration.TotalSeconds);
        if (failed)
        {
            reconcileErrors.Add(1);
        }
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
