namespace DrainSafe.Sandbox.World.Maintenance;

/// <summary>What Azure maintenance did to a VM, and which pods were on its node at that moment.</summary>
/// <param name="At">When it happened.</param>
/// <param name="VmName">The VM's compute name.</param>
/// <param name="NodeName">The node of the VM, or null if no node carries it.</param>
/// <param name="Kind">Down, up again, or deleted.</param>
/// <param name="EventType">The event type that caused a <see cref="VmImpactKind.Down"/> impact; empty otherwise.</param>
/// <param name="Pods">The pods on the node when the impact began (empty for up and deleted).</param>
public sealed record VmImpactObservation(
    DateTimeOffset At,
    string VmName,
    string? NodeName,
    VmImpactKind Kind,
    string EventType,
    IReadOnlyList<PodOnVm> Pods)
{
    /// <summary>The pods a drain should have moved away before the impact.</summary>
    public IEnumerable<PodOnVm> EvictablePods => Pods.Where(p => p.Evictable);
}
