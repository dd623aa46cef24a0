namespace DrainSafe.Sandbox.Imds;

// The lifecycle: transitions due in time, their effect on documents and VMs, and the delivery of impacts.
public sealed partial class ImdsSimulator
{
    // The timer fired, so it is no longer armed; Locked applies what is due and arms it for the next transition.
    private void OnTimer() => Locked(_ => timerArmedFor = DateTimeOffset.MaxValue);

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
