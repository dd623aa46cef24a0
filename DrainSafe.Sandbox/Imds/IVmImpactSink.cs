namespace DrainSafe.Sandbox.Imds;

/// <summary>
/// Receives what Azure maintenance does to a VM once its event has Started. The cluster simulation
/// implements it to take the node down, bring it back, or delete it.
/// </summary>
/// <remarks>
/// Calls arrive in the order the simulated world produced them, never while the simulator holds its
/// lock, so an implementation may call back into <see cref="ImdsSimulator"/>.
/// </remarks>
public interface IVmImpactSink
{
    /// <summary>The VM stopped running because of a Started event (Reboot, Redeploy, Preempt or Terminate).</summary>
    /// <param name="vmName">The VM's compute name.</param>
    /// <param name="eventType">The EventType of the event that caused the impact.</param>
    void VmImpactStarted(string vmName, string eventType);

    /// <summary>The VM runs again after a Reboot or Redeploy (its event may still be listed as Started).</summary>
    /// <param name="vmName">The VM's compute name.</param>
    void VmImpactEnded(string vmName);

    /// <summary>The VM is gone for good (Preempt or Terminate); its IMDS no longer answers.</summary>
    /// <param name="vmName">The VM's compute name.</param>
    void VmDeleted(string vmName);
}
