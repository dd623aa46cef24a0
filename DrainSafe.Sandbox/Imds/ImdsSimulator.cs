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
public sealed class ImdsSimulator : IDisposable
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
        Locked(now =>
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
        return new ImdsVmStats(vm.Name, vm.Incarnation, vm.Requests, vm.Throttled, vm.Waiting, vm.IsDown);
    });

    /// <summary>Fault: the next calls answer an error status instead (e.g. 500, 410, 429 bursts).</summary>
    /// <param name="statusCode">The status, 400-599.</param>
    /// <param name="calls">How many calls fail.</param>
    /// <param name="vmName">One VM's IMDS; null: the next calls to any VM.</param>
    public void FailNextCalls(int statusCode, int calls, string? vmName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        AddFault(new InjectedFault(FaultKind.Status, statusCode), calls, vmName);
    }

    /// <summary>Fault: the next document reads answer 200 with an empty body.</summary>
    /// <param name="calls">How many reads.</param>
    /// <param name="vmName">One VM's IMDS; null: the next reads on any VM.</param>
    public void ServeEmptyBodies(int calls, string? vmName = null) =>
        AddFault(new InjectedFault(FaultKind.EmptyBody, 200), calls, vmName);

    /// <summary>Fault: the next document reads answer 200 with the JSON cut in the middle.</summary>
    /// <param name="calls">How many reads.</param>
    /// <param name="vmName">One VM's IMDS; null: the next reads on any VM.</param>
    public void ServeTruncatedBodies(int calls, string? vmName = null) =>
        AddFault(new InjectedFault(FaultKind.TruncatedBody, 200), calls, vmName);

    /// <summary>Fault: every call waits this long before it is answered, until set back to zero.</summary>
    /// <param name="latency">The added latency; zero removes it. Per-VM and global latency add up.</param>
    /// <param name="vmName">One VM's IMDS; null: every VM.</param>
    public void SetLatency(TimeSpan latency, string? vmName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        Locked(_ =>
        {
            if (vmName is null)
            {
                globalLatency = latency;
            }
            else
            {
                RequireVm(vmName).AddedLatency = latency;
            }
        });
    }

    /// <summary>
    /// Fault: the service warms up again. The next call enables it and it, and every call meanwhile, waits
    /// <paramref name="warmUp"/> (Azure: up to two minutes).
    /// </summary>
    /// <param name="warmUp">How long the warm-up takes.</param>
    /// <param name="vmName">One VM's IMDS; null: every VM that exists now.</param>
    public void WarmUpOnNextCall(TimeSpan warmUp, string? vmName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(warmUp, TimeSpan.Zero);
        Locked(_ =>
        {
            foreach (var vm in TargetVms(vmName))
            {
                vm.PendingWarmUp = warmUp;
            }
        });
    }

    /// <summary>Removes the injected faults, latency and pending warm-up.</summary>
    /// <param name="vmName">One VM's IMDS; null: the global faults and those of every VM.</param>
    public void ClearFaults(string? vmName = null) => Locked(_ =>
    {
        if (vmName is null)
        {
            globalFaults.Clear();
            globalLatency = TimeSpan.Zero;
        }

        foreach (var vm in TargetVms(vmName))
        {
            vm.Faults.Clear();
            vm.AddedLatency = TimeSpan.Zero;
            vm.PendingWarmUp = TimeSpan.Zero;
            vm.WarmUntil = DateTimeOffset.MinValue;
        }
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

    /// <summary>A request reached a VM's IMDS: counts it and says how long it waits (latency, warm-up).</summary>
    /// <returns>The VM, or null if no VM of that name exists.</returns>
    internal SimulatedVm? BeginRequest(string vmName, out TimeSpan delay)
    {
        var wait = TimeSpan.Zero;
        var vm = Locked(now =>
        {
            if (!vms.TryGetValue(vmName, out var found))
            {
                return null;
            }

            found.CountRequest();
            if (found.PendingWarmUp > TimeSpan.Zero)
            {
                found.WarmUntil = now + found.PendingWarmUp;
                found.PendingWarmUp = TimeSpan.Zero;
            }

            wait = globalLatency + found.AddedLatency + (found.WarmUntil > now ? found.WarmUntil - now : TimeSpan.Zero);
            return found;
        });
        delay = wait;
        return vm;
    }

    /// <summary>Whether the VM is down (rebooting, being deleted, or gone): its IMDS does not answer.</summary>
    internal bool IsDown(SimulatedVm vm) => Locked(_ => vm.IsDown);

    /// <summary>Applies the rate limit; false means 429.</summary>
    internal bool TryAdmit(SimulatedVm vm) => Locked(now =>
    {
        if (vm.RateWindow is null || vm.RateWindow.TryAdmit(now))
        {
            return true;
        }

        vm.CountThrottled();
        return false;
    });

    /// <summary>Takes the fault, if any, that the next answer of this VM carries: the VM's own first, then the global ones.</summary>
    internal InjectedFault? TakeFault(SimulatedVm vm, bool isDocumentRead) =>
        Locked(_ => vm.Faults.TakeFor(isDocumentRead) ?? globalFaults.TakeFor(isDocumentRead));

    /// <summary>The VM's document as JSON in the fields of an api-version, cached until its incarnation changes.</summary>
    internal byte[] DocumentJson(SimulatedVm vm, DocumentShape shape) => Locked(_ =>
    {
        if (vm.CachedJson(shape) is { } cached)
        {
            return cached;
        }

        var json = ScheduledEventsJson.Write(DocumentOf(vm), shape);
        vm.CacheJson(shape, json);
        return json;
    });

    /// <summary>A VM's IMDS received StartRequests: every id must be an event the VM sees, or nothing is approved.</summary>
    internal ApprovalOutcome Approve(SimulatedVm vm, IReadOnlyList<string> eventIds) => Locked(now =>
    {
        var approved = new List<SimulatedEvent>();
        foreach (var eventId in eventIds)
        {
            if (!events.TryGetValue(eventId, out var simulatedEvent) || !simulatedEvent.VisibleTo.Contains(vm))
            {
                return ApprovalOutcome.UnknownEvent;
            }

            if (!approved.Contains(simulatedEvent))
            {
                approved.Add(simulatedEvent);
            }
        }

        foreach (var simulatedEvent in approved)
        {
            var startsNow = simulatedEvent.Status == ImdsEventStatus.Scheduled;
            if (startsNow)
            {
                StartEvent(simulatedEvent, now, $"approved by VM {vm.Name}");
            }

            approvals.Add(new ImdsApproval(simulatedEvent.EventId, vm.Name, now, startsNow));
            ImdsLog.EventApproved(logger, simulatedEvent.EventId, vm.Name);
        }

        return ApprovalOutcome.Accepted;
    });

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

    private T Locked<T>(Func<DateTimeOffset, T> action)
    {
        T result;
        lock (gate)
        {
            var now = time.GetUtcNow();
            ApplyDueTransitions(now);
            result = action(now);
            ApplyDueTransitions(now);
            ArmTimer(now);
        }

        DeliverImpacts();
        return result;
    }

    private void Locked(Action<DateTimeOffset> action) => Locked(now =>
    {
        action(now);
        return true;
    });

    private void OnTimer()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            timerArmedFor = DateTimeOffset.MaxValue;
            var now = time.GetUtcNow();
            ApplyDueTransitions(now);
            ArmTimer(now);
        }

        DeliverImpacts();
    }

    private void ArmTimer(DateTimeOffset now)
    {
        var next = dueTransitions.TryPeek(out _, out var priority) ? priority.At : DateTimeOffset.MaxValue;
        if (disposed || next == timerArmedFor)
        {
            return;
        }

        timerArmedFor = next;
        var delay = next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max((next - now).Ticks, MinimumTimerDelay.Ticks));
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Enqueue(DueTransition transition) => dueTransitions.Enqueue(transition, (transition.At, ++sequence));

    // Applies every transition due by now in time order, each at its own due time, so a clock jump replays history.
    private void ApplyDueTransitions(DateTimeOffset now)
    {
        while (dueTransitions.TryPeek(out var transition, out var priority) && priority.At <= now)
        {
            dueTransitions.Dequeue();
            Apply(transition);
        }
    }

    private void Apply(DueTransition transition)
    {
        switch (transition.Kind)
        {
            case DueKind.StartEvent when IsCurrent(transition.Event!) && transition.Event!.Status == ImdsEventStatus.Scheduled:
                StartEvent(transition.Event, transition.At, "NotBefore passed");
                break;
            case DueKind.RemoveEvent when IsCurrent(transition.Event!) && transition.Event!.RemoveAt == transition.At:
                RemoveEventCore(transition.Event);
                ImdsLog.EventRemoved(logger, transition.Event.EventId, transition.Event.EventType);
                break;
            case DueKind.VmUp when !transition.Vm!.IsRemoved && transition.Vm.DownUntil == transition.At:
                transition.Vm.DownUntil = null;
                if (transition.Vm.DeleteAt is null)
                {
                    ImdsLog.VmUp(logger, transition.Vm.Name);
                    impactNotices.Enqueue(new ImpactNotice(ImpactKind.Ended, transition.Vm.Name, ""));
                }

                break;
            case DueKind.DeleteVm when !transition.Vm!.IsRemoved && transition.Vm.DeleteAt == transition.At:
                RemoveVmCore(transition.Vm);
                ImdsLog.VmDeleted(logger, transition.Vm.Name);
                impactNotices.Enqueue(new ImpactNotice(ImpactKind.Deleted, transition.Vm.Name, ""));
                break;
            default:
                // Stale: the event was approved, cancelled or removed, or the VM changed, after this was queued.
                break;
        }
    }

    private bool IsCurrent(SimulatedEvent simulatedEvent) =>
        events.TryGetValue(simulatedEvent.EventId, out var current) && ReferenceEquals(current, simulatedEvent);

    private void StartEvent(SimulatedEvent simulatedEvent, DateTimeOffset at, string reason)
    {
        simulatedEvent.Start(at);
        foreach (var vm in simulatedEvent.VisibleTo)
        {
            vm.BumpIncarnation();
        }

        Enqueue(new DueTransition(DueKind.RemoveEvent, simulatedEvent.RemoveAt!.Value, simulatedEvent, null));
        ImdsLog.EventStarted(logger, simulatedEvent.EventId, simulatedEvent.EventType, reason);

        foreach (var vmName in simulatedEvent.Resources)
        {
            if (vms.TryGetValue(vmName, out var vm))
            {
                StartImpact(vm, simulatedEvent, at);
            }
        }
    }

    private void StartImpact(SimulatedVm vm, SimulatedEvent simulatedEvent, DateTimeOffset at)
    {
        if (vm.DeleteAt is not null)
        {
            return;
        }

        var wasDown = vm.IsDown;
        var until = at + simulatedEvent.ImpactDuration;
        if (ImdsEventTypes.TakesVmDown(simulatedEvent.EventType))
        {
            if (simulatedEvent.ImpactDuration <= TimeSpan.Zero)
            {
                return;
            }

            if (vm.DownUntil is null || until > vm.DownUntil)
            {
                vm.DownUntil = until;
                Enqueue(new DueTransition(DueKind.VmUp, until, null, vm));
            }
        }
        else if (ImdsEventTypes.DeletesVm(simulatedEvent.EventType))
        {
            vm.DeleteAt = until;
            Enqueue(new DueTransition(DueKind.DeleteVm, until, null, vm));
        }
        else
        {
            // Freeze (and unknown types): memory is kept and the pause is seconds; nothing to report.
            return;
        }

        if (!wasDown)
        {
            ImdsLog.VmDown(logger, vm.Name, simulatedEvent.EventType);
            impactNotices.Enqueue(new ImpactNotice(ImpactKind.Started, vm.Name, simulatedEvent.EventType));
        }
    }

    private void RemoveEventCore(SimulatedEvent simulatedEvent)
    {
        events.Remove(simulatedEvent.EventId);
        deliveredToGroups.Remove(simulatedEvent);
        foreach (var vm in simulatedEvent.VisibleTo)
        {
            vm.Unsee(simulatedEvent);
            vm.BumpIncarnation();
        }

        simulatedEvent.VisibleTo.Clear();
    }

    private void RemoveVmCore(SimulatedVm vm)
    {
        vm.IsRemoved = true;
        vms.Remove(vm.Name);
        if (vm.PlacementGroup is not null && placementGroups.TryGetValue(vm.PlacementGroup, out var members))
        {
            members.Remove(vm);
        }

        foreach (var simulatedEvent in vm.VisibleEvents)
        {
            simulatedEvent.VisibleTo.Remove(vm);
        }

        vm.VisibleEvents.Clear();
    }

    // The event reaches the VMs it lists and every VM of the placement groups it was delivered to.
    private void RefreshVisibility(SimulatedEvent simulatedEvent)
    {
        var audience = new HashSet<SimulatedVm>();
        foreach (var vmName in simulatedEvent.Resources)
        {
            if (vms.TryGetValue(vmName, out var listed))
            {
                audience.Add(listed);
            }
        }

        foreach (var group in deliveredToGroups[simulatedEvent])
        {
            audience.UnionWith(GroupMembers(group));
        }

        foreach (var vm in audience.Except(simulatedEvent.VisibleTo).ToList())
        {
            simulatedEvent.VisibleTo.Add(vm);
            vm.See(simulatedEvent);
            vm.BumpIncarnation();
        }

        foreach (var vm in simulatedEvent.VisibleTo.Except(audience).ToList())
        {
            simulatedEvent.VisibleTo.Remove(vm);
            vm.Unsee(simulatedEvent);
            vm.BumpIncarnation();
        }
    }

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

    private IReadOnlyCollection<SimulatedVm> TargetVms(string? vmName) =>
        vmName is null ? vms.Values : [RequireVm(vmName)];

    private static ImdsDocument DocumentOf(SimulatedVm vm) =>
        new(vm.Incarnation, vm.VisibleEvents.Select(e => e.ToView()).ToList());

    private void AddFault(InjectedFault fault, int calls, string? vmName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        Locked(_ => (vmName is null ? globalFaults : RequireVm(vmName).Faults).Add(fault, calls));
    }

    // Impacts are delivered outside the lock, in the order the world produced them, so a sink may call back in.
    private void DeliverImpacts()
    {
        if (impactNotices.IsEmpty)
        {
            return;
        }

        lock (dispatchGate)
        {
            while (impactNotices.TryDequeue(out var notice))
            {
                try
                {
                    switch (notice.Kind)
                    {
                        case ImpactKind.Started:
                            impacts.VmImpactStarted(notice.VmName, notice.EventType);
                            break;
                        case ImpactKind.Ended:
                            impacts.VmImpactEnded(notice.VmName);
                            break;
                        default:
                            impacts.VmDeleted(notice.VmName);
                            break;
                    }
                }
                catch (Exception exception)
                {
                    ImdsLog.ImpactSinkFailed(logger, exception, notice.Kind, notice.VmName);
                }
            }
        }
    }
}
