using DrainSafe.Sandbox.Imds.Http;

namespace DrainSafe.Sandbox.Imds;

// What the HTTP front end asks while it answers a request.
public sealed partial class ImdsSimulator
{
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

    /// <summary>Whether the VM is down (rebooting, being deleted, or gone) or its IMDS stopped: its IMDS does not answer.</summary>
    internal bool IsDown(SimulatedVm vm) => Locked(_ => vm.IsDown || vm.ServiceStopped);

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

    /// <summary>The VM's current document was answered as it is (no fault changed it): the caller now knows what it lists.</summary>
    internal void DocumentServed(SimulatedVm vm) => Locked(now =>
    {
        vm.DocumentsServed++;
        vm.LastDocumentServedAt = now;
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
            var approval = new ImdsApproval(simulatedEvent.EventId, vm.Name, now, startsNow);
            Approving?.Invoke(approval, simulatedEvent.Resources);
            if (startsNow)
            {
                StartEvent(simulatedEvent, now, $"approved by VM {vm.Name}");
            }

            approvals.Add(approval);
            ImdsLog.EventApproved(logger, simulatedEvent.EventId, vm.Name);
        }

        return ApprovalOutcome.Accepted;
    });
}
