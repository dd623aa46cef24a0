namespace DrainSafe.Sandbox.Imds;

// Fault injection: what the next answers of one VM, or of any VM, look like.
public sealed partial class ImdsSimulator
{
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

    /// <summary>
    /// Fault: the next document reads answer 200 with <paramref name="body"/> instead of the document: garbage (an
    /// HTML error page), or a stale document (an older DocumentIncarnation with the events it listed then).
    /// </summary>
    /// <param name="body">The body, as UTF-8.</param>
    /// <param name="calls">How many reads.</param>
    /// <param name="vmName">One VM's IMDS; null: the next reads on any VM.</param>
    public void ServeBodies(string body, int calls, string? vmName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        AddFault(new InjectedFault(FaultKind.GivenBody, 200, System.Text.Encoding.UTF8.GetBytes(body)), calls, vmName);
    }

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

    /// <summary>
    /// Fault: the VMs' IMDS stops answering (connections are dropped, as from a rebooting VM) until
    /// <see cref="ResumeAnswering"/> or <see cref="ClearFaults"/>; the events' lifecycle goes on meanwhile.
    /// </summary>
    /// <param name="vmName">One VM's IMDS; null: every VM that exists now.</param>
    public void StopAnswering(string? vmName = null) => Locked(_ =>
    {
        foreach (var vm in TargetVms(vmName))
        {
            vm.ServiceStopped = true;
        }
    });

    /// <summary>Ends <see cref="StopAnswering"/>.</summary>
    /// <param name="vmName">One VM's IMDS; null: every VM.</param>
    public void ResumeAnswering(string? vmName = null) => Locked(_ =>
    {
        foreach (var vm in TargetVms(vmName))
        {
            vm.ServiceStopped = false;
        }
    });

    /// <summary>
    /// Fault: the VM's IMDS restarts and its DocumentIncarnation starts over at 1 (lower than before) while its
    /// events stay listed; later changes count up from there.
    /// </summary>
    /// <param name="vmName">One VM's IMDS; null: every VM that exists now.</param>
    public void RestartIncarnation(string? vmName = null) => Locked(_ =>
    {
        foreach (var vm in TargetVms(vmName))
        {
            vm.RestartIncarnation();
        }
    });

    /// <summary>Removes the injected faults, latency, outage and pending warm-up.</summary>
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
            vm.ServiceStopped = false;
        }
    });

    private void AddFault(InjectedFault fault, int calls, string? vmName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        Locked(_ => (vmName is null ? globalFaults : RequireVm(vmName).Faults).Add(fault, calls));
    }

    private IReadOnlyCollection<SimulatedVm> TargetVms(string? vmName) =>
        vmName is null ? vms.Values : [RequireVm(vmName)];
}
