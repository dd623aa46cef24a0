namespace DrainSafe.Sandbox.World.Maintenance;

/// <summary>What Azure maintenance did to a VM.</summary>
public enum VmImpactKind
{
    /// <summary>The VM went down (Reboot, Redeploy) or started being deleted (Preempt, Terminate).</summary>
    Down,

    /// <summary>The VM runs again after a Reboot or Redeploy.</summary>
    Up,

    /// <summary>The VM is gone for good.</summary>
    Deleted,
}
