using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Maintenance;

/// <summary>
/// Turns what the simulated Azure does to VMs into what happens to the cluster: it notes the pods on the node at that
/// instant (for expectations and reports), then hands the impact to the world loop, which takes the node down, brings
/// it back, or deletes it.
/// </summary>
internal sealed class ClusterVmImpacts(ObjectStore store, TimeProvider time, Action<WorldSignal> post) : IVmImpactSink
{
    /// <summary>Raised for every impact, on the simulator's thread, before the world acts on it.</summary>
    public event Action<VmImpactObservation>? Observed;

    public void VmImpactStarted(string vmName, string eventType) => Report(VmImpactKind.Down, vmName, eventType);

    public void VmImpactEnded(string vmName) => Report(VmImpactKind.Up, vmName, string.Empty);

    public void VmDeleted(string vmName) => Report(VmImpactKind.Deleted, vmName, string.Empty);

    private void Report(VmImpactKind kind, string vmName, string eventType)
    {
        var node = NodeOf(vmName);
        var pods = kind == VmImpactKind.Down && node is not null ? PodsOn(node) : [];
        Observed?.Invoke(new VmImpactObservation(time.GetUtcNow(), vmName, node, kind, eventType, pods));
        post(new WorldSignal.VmImpact(kind, vmName, eventType));
    }

    private string? NodeOf(string vmName) => store.List(BuiltInResources.Nodes).Items
        .FirstOrDefault(n => string.Equals(NodeRecord.From(n).VmName, vmName, StringComparison.OrdinalIgnoreCase))?.Name;

    private List<PodOnVm> PodsOn(string nodeName) => store
        .List(BuiltInResources.Pods, new ListOptions { FieldSelector = "spec.nodeName=" + nodeName }).Items
        .Select(PodRecord.From)
        .Select(p => new PodOnVm(p.Namespace, p.Name, p.Controller?.Kind, p.Phase, p.IsDeleting,
            Evictable: p.Controller?.Kind != "DaemonSet" && !p.IsMirror && !p.IsTerminal))
        .ToList();
}
