using System.Collections.Concurrent;
using System.Globalization;
using DrainSafe.Sandbox.Imds.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Sandbox.Imds;

/// <summary>
/// The simulated Azure side of Scheduled Events for every VM of the sandbox world: which events exist, which VMs
/// see them, their Scheduled -> Started -> removed lifecycle, approvals, the impact on the VMs, and injected faults.
/// <see cref="ImdsServer"/> serves it over HTTP; scenarios and tests drive it in-process.
/// </summary>
/// <remarks>
/// Time comes from the <see cref="TimeProvider"/>: one timer wakes the simulator at the next due transition, and
/// every read first applies what is due, so a fake clock moved by a test gives the same answers as real time.
/// </remarks>
public sealed partial class ImdsSimulator : IDisposable
{
    private static readonly TimeSpan MinimumTimerDelay = TimeSpan.FromMilliseconds(1);

    private readonly Lock gate = new();
    private readonly Lock dispatchGate = new();
    private readonly TimeProvider time;
    private readonly IVmImpactSink impacts;
    private readonly ImdsOptions options;
    private readonly ILogger logger;
    private readonly ITimer timer;
    private readonly Dictionary<string, SimulatedVm> vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SimulatedEvent> events = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<SimulatedEvent, HashSet<string>> deliveredToGroups = [];
    private readonly Dictionary<string, HashSet<SimulatedVm>> placementGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly PriorityQueue<DueTransition, (DateTimeOffset At, long Order)> dueTransitions = new();
    private readonly List<ImdsApproval> approvals = [];
    private readonly FaultQueue globalFaults = new();
    private readonly ConcurrentQueue<ImpactNotice> impactNotices = new();
    private TimeSpan globalLatency;
    private long sequence;
    private DateTimeOffset timerArmedFor = DateTimeOffset.MaxValue;
    private bool disposed;

    /// <summary>Creates an empty world: no VMs, no events.</summary>
    /// <param name="time">The clock; tests pass a FakeTimeProvider.</param>
    /// <param name="impacts">Told when a VM goes down, comes back, or is deleted; default: nobody.</param>
    /// <param name="options">Rate limit, default durations, warm-up; default: Azure-like values.</param>
    /// <param name="logger">Logs the lifecycle of events and VMs; default: nothing.</param>
    public ImdsSimulator(
        TimeProvider time,
        IVmImpactSink? impacts = null,
        ImdsOptions? options = null,
        ILogger<ImdsSimulator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.options = options ?? new ImdsOptions();
        this.options.Validate();
        this.time = time;
        this.impacts = impacts ?? NoVmImpact.Instance;
        this.logger = logger ?? NullLogger<ImdsSimulator>.Instance;
        timer = time.CreateTimer(static state => ((ImdsSimulator)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Raised for every accepted approval with the VMs the event lists, before a Scheduled event starts, so an observer
    /// sees the cluster as it was when the approval arrived. Runs under the simulator's lock: a handler must be quick
    /// and must not call the simulator.
    /// </summary>
    public event Action<ImdsApproval, IReadOnlyList<string>>? Approving;

    /// <summary>The names of the VMs whose IMDS exists now, in no particular order.</summary>
    public IReadOnlyList<string> VmNames => Locked(_ => vms.Values.Select(vm => vm.Name).ToList());

    /// <summary>The clock the simulator runs on; the HTTP front end delays answers with it.</summary>
    internal TimeProvider Time => time;

    /// <summary>Creates a VM's IMDS. It sees at once the events that list it or reach its placement group.</summary>
    /// <param name="vmName">The compute name (on a scale set: <c>{scaleSetName}_{instanceId}</c>); case-insensitive.</param>
    /// <param name="placementGroup">
    /// The availability set or scale set placement group: every VM of it sees every event that lists one of its VMs,
    /// without being listed in Resources. Null: the VM sees only events that list it.
    /// </param>
    public void AddVm(string vmName, string? placementGroup = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        Locked(_ =>
        {
            if (vms.ContainsKey(vmName))
            {
                throw new InvalidOperationException($"A VM named '{vmName}' already exists in the simulated IMDS; remove it first or use another name.");
            }

            var rateWindow = options.RequestsPerWindow > 0 ? new RequestRateWindow(options.RequestsPerWindow, options.RateLimitWindow) : null;
            var vm = new SimulatedVm(vmName, placementGroup, rateWindow, options.WarmUp);
            vms.Add(vmName, vm);
            if (placementGroup is not null)
            {
                GroupMembers(placementGroup).Add(vm);
            }

            foreach (var simulatedEvent in events.Values)
            {
                if (placementGroup is not null && simulatedEvent.Lists(vmName))
                {
                    deliveredToGroups[simulatedEvent].Add(placementGroup);
                }

                RefreshVisibility(simulatedEvent);
            }
        });
    }

    /// <summary>Deletes a VM's IMDS (no impact is reported: the caller knows). Events keep listing its name.</summary>
    /// <param name="vmName">The compute name.</param>
    /// <returns>False if no such VM exists.</returns>
    public bool RemoveVm(string vmName)
    {
        ArgumentNullException.ThrowIfNull(vmName);
        return Locked(_ =>
        {
            if (!vms.TryGetValue(vmName, out var vm))
            {
                return false;
            }

            RemoveVmCore(vm);
            return true;
        });
    }

    /// <summary>Announces an event (or, for a hardware failure, makes it appear already Started).</summary>
    /// <param name="spec">What to announce.</param>
    /// <returns>The EventId.</returns>
    public string ScheduleEvent(ScheduledEventSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ValidateSpec(spec);
        return Locked(now =>
        {
            var eventId = spec.EventId ?? Guid.NewGuid().ToString("D").ToUpperInvariant();
            if (events.ContainsKey(eventId))
            {
                throw new InvalidOperationException($"An event with EventId '{eventId}' already exists; leave ScheduledEventSpec.EventId unset for a fresh one.");
            }

            var notBefore = spec.StartedAlready
                ? now
                : RoundUpToSecond(spec.NotBefore ?? now + (spec.Notice ?? ImdsEventTypes.MinimumNotice(spec.EventType)));
            var duration = spec.Duration
                ?? (spec.DurationInSeconds > 0 ? TimeSpan.FromSeconds(spec.DurationInSeconds) : options.DefaultEventDuration);
            var impactDuration = spec.ImpactDuration ?? duration / 2;
            var simulatedEvent = new SimulatedEvent(eventId, ++sequence, spec, notBefore, duration, impactDuration);

            events.Add(eventId, simulatedEvent);
            deliveredToGroups.Add(simulatedEvent, new HashSet<string>(
                simulatedEvent.Resources
                    .Select(name => vms.GetValueOrDefault(name)?.PlacementGroup)
                    .OfType<string>(),
                StringComparer.OrdinalIgnoreCase));
            RefreshVisibility(simulatedEvent);

            if (spec.StartedAlready)
            {
                ImdsLog.EventAnnounced(logger, eventId, spec.EventType, ImdsEventStatus.Started, string.Join(",", simulatedEvent.Resources), "");
                StartEvent(simulatedEvent, now, "appeared already Started (unplanned)");
            }
            else
            {
                ImdsLog.EventAnnounced(logger, eventId, spec.EventType, ImdsEventStatus.Scheduled, string.Join(",", simulatedEvent.Resources), FormatNotBefore(notBefore));
                Enqueue(new DueTransition(DueKind.StartEvent, notBefore, simulatedEvent, null));
            }

            return eventId;
        });
    }

    /// <summary>Azure cancels an event: it leaves every list while still Scheduled.</summary>
    /// <param name="eventId">The EventId, case-insensitive.</param>
    /// <returns>False if the event does not exist or has already Started.</returns>
    public bool CancelEvent(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return Locked(_ =>
        {
            if (!events.TryGetValue(eventId, out var simulatedEvent) || simulatedEvent.Status != ImdsEventStatus.Scheduled)
            {
                return false;
            }

            RemoveEventCore(simulatedEvent);
            ImdsLog.EventCancelled(logger, simulatedEvent.EventId, simulatedEvent.EventType);
            return true;
        });
    }

    /// <summary>The document a VM's IMDS serves now.</summary>
    /// <param name="vmName">The compute name.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentException">No VM of that name exists.</exception>
    public ImdsDocument GetDocument(string vmName) => Locked(_ => DocumentOf(RequireVm(vmName)));

    /// <summary>Every event that exists now, in announcement order.</summary>
    /// <returns>The events as a document would show them.</returns>
    public IReadOnlyList<ImdsScheduledEvent> GetEvents() =>
        Locked(_ => events.Values.OrderBy(e => e.Sequence).Select(e => e.ToView()).ToList());

    /// <summary>Every accepted approval so far, oldest first.</summary>
    /// <returns>Who approved which event when.</returns>
    public IReadOnlyList<ImdsApproval> GetApprovals() => Locked(_ => approvals.ToList());

    /// <summary>What a VM's IMDS has seen so far.</summary>
    /// <param name="vmName">The compute name.</param>
    /// <returns>The counters and state.</returns>
    /// <exception cref="ArgumentException">No VM of that name exists.</exception>
    public ImdsVmStats GetVmStats(string vmName) => Locked(_ =>
    {
        var vm = RequireVm(vmName);
        return new ImdsVmStats(vm.Name, vm.Incarnation, vm.Requests, vm.Throttled, vm.Waiting, vm.IsDown, vm.DocumentsServed, vm.LastDocumentServedAt, vm.Faults.PendingCalls);
    });

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
    }

    private static void ValidateSpec(ScheduledEventSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.EventType))
        {
            throw new ArgumentException("ScheduledEventSpec.EventType must name a type, e.g. Reboot.", nameof(spec));
        }

        if (spec.Resources is null || spec.Resources.Count == 0 || spec.Resources.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("ScheduledEventSpec.Resources must list at least one VM name, none blank.", nameof(spec));
        }

        if (spec.Notice is not null && spec.NotBefore is not null)
        {
            throw new ArgumentException("Set ScheduledEventSpec.Notice or ScheduledEventSpec.NotBefore, not both.", nameof(spec));
        }

        if (spec.StartedAlready && (spec.Notice is not null || spec.NotBefore is not null))
        {
            throw new ArgumentException("An event with StartedAlready has no NotBefore; leave Notice and NotBefore unset.", nameof(spec));
        }

        if (spec.Notice < TimeSpan.Zero)
        {
            throw new ArgumentException("ScheduledEventSpec.Notice must not be negative; use NotBefore for a time in the past.", nameof(spec));
        }

        if (spec.Duration <= TimeSpan.Zero || spec.ImpactDuration < TimeSpan.Zero)
        {
            throw new ArgumentException("ScheduledEventSpec.Duration must be positive and ImpactDuration not negative.", nameof(spec));
        }

        if (string.IsNullOrWhiteSpace(spec.EventSource))
        {
            throw new ArgumentException("ScheduledEventSpec.EventSource must be Platform or User.", nameof(spec));
        }
    }

    private static DateTimeOffset RoundUpToSecond(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        var remainder = ticks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(remainder == 0 ? ticks : ticks - remainder + TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static string FormatNotBefore(DateTimeOffset notBefore) => notBefore.ToString("r", CultureInfo.InvariantCulture);

    // Every entry point applies what is due first, so answers never lag behind the clock even if the timer does.
    private T Locked<T>(Func<DateTimeOffset, T> action)
    {
        try
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                ApplyDueTransitions(now);
                var result = action(now);
                ApplyDueTransitions(now);
                ArmTimer(now);
                return result;
            }
        }
        finally
        {
            DeliverImpacts();
        }
    }

    private void Locked(Action<DateTimeOffset> action) => Locked(now =>
    {
        action(now);
        return true;
    });

    private HashSet<SimulatedVm> GroupMembers(string placementGroup)
    {
        if (!placementGroups.TryGetValue(placementGroup, out var members))
        {
            members = [];
            placementGroups.Add(placementGroup, members);
        }

        return members;
    }

    private SimulatedVm RequireVm(string vmName) =>
        vms.GetValueOrDefault(vmName ?? throw new ArgumentNullException(nameof(vmName)))
        ?? throw new ArgumentException($"No VM named '{vmName}' in the simulated IMDS; add it with AddVm first.", nameof(vmName));

    private static ImdsDocument DocumentOf(SimulatedVm vm) =>
        new(vm.Incarnation, vm.VisibleEvents.Select(e => e.ToView()).ToList());
}
