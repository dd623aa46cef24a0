using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Sandbox.Tests.Imds;

/// <summary>Records every impact as a short line ("started vm1 Reboot", "ended vm1", "deleted vm1").</summary>
internal sealed class RecordingImpactSink : IVmImpactSink
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public void VmImpactStarted(string vmName, string eventType) => Add($"started {vmName} {eventType}");

    public void VmImpactEnded(string vmName) => Add($"ended {vmName}");

    /// <summary>Runs after a deletion is recorded, e.g. to call back into the simulator.</summary>
    public Action<string>? WhenDeleted { get; set; }

    public void VmDeleted(string vmName)
    {
        Add($"deleted {vmName}");
        WhenDeleted?.Invoke(vmName);
    }

    private void Add(string line)
    {
        lock (gate)
        {
            lines.Add(line);
        }
    }
}
