namespace DrainSafe.Sandbox.World.Maintenance;

/// <summary>A pod that was on a VM's node when maintenance hit it.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Name">The pod's name.</param>
/// <param name="OwnerKind">The kind of its controller, or null for a bare pod.</param>
/// <param name="Phase">status.phase.</param>
/// <param name="Terminating">It had a deletionTimestamp (still running out its grace period).</param>
/// <param name="Evictable">A drain would have had to move it: not a DaemonSet or mirror pod, not finished.</param>
public sealed record PodOnVm(string Namespace, string Name, string? OwnerKind, string Phase, bool Terminating, bool Evictable);
