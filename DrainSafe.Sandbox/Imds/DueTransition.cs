namespace DrainSafe.Sandbox.Imds;

/// <summary>
/// A point in time when the world may change. Entries are never removed early: when one comes due, the
/// simulator checks that the state still expects it (the event was not approved, cancelled or removed meanwhile).
/// </summary>
internal readonly record struct DueTransition(DueKind Kind, DateTimeOffset At, SimulatedEvent? Event, SimulatedVm? Vm);

/// <summary>What happens at a <see cref="DueTransition"/>.</summary>
internal enum DueKind
{
    /// <summary>NotBefore passed: Scheduled to Started.</summary>
    StartEvent,

    /// <summary>The event's duration after Started is over: it leaves every list.</summary>
    RemoveEvent,

    /// <summary>A Reboot/Redeploy is over: the VM runs again.</summary>
    VmUp,

    /// <summary>A Preempt/Terminate deletes the VM.</summary>
    DeleteVm,
}
