namespace DrainSafe.Sandbox.Imds;

/// <summary>An <see cref="IVmImpactSink"/> that ignores every impact: the default when nothing simulates the VMs.</summary>
public sealed class NoVmImpact : IVmImpactSink
{
    /// <summary>The shared instance.</summary>
    public static NoVmImpact Instance { get; } = new();

    private NoVmImpact()
    {
    }

    /// <inheritdoc />
    public void VmImpactStarted(string vmName, string eventType)
    {
    }

    /// <inheritdoc />
    public void VmImpactEnded(string vmName)
    {
    }

    /// <inheritdoc />
    public void VmDeleted(string vmName)
    {
    }
}
