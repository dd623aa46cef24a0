using DrainSafe.Sandbox.Scenarios;

namespace DrainSafe.Sandbox.World.Nodes;

/// <summary>A node to add to the simulated cluster: a scale-set VM with its kubelet.</summary>
/// <param name="Pool">Node pool name.</param>
/// <param name="Index">Instance index inside the pool.</param>
/// <param name="MaxPods">Pods the node can run (<c>status.allocatable.pods</c>).</param>
/// <param name="Unschedulable">Created cordoned, as an administrator had left it.</param>
public sealed record NodeRequest(string Pool, int Index, int MaxPods = 110, bool Unschedulable = false)
{
    /// <summary>The node name, e.g. <c>pool1-vmss000003</c>.</summary>
    public string Name => SandboxNames.NodeName(Pool, Index);

    /// <summary>The VM's compute name, e.g. <c>pool1-vmss_3</c>.</summary>
    public string VmName => SandboxNames.VmName(Pool, Index);

    /// <summary>The node's InternalIP: one address per instance in the pool's subnet.</summary>
    public string InternalIp => $"10.224.{Index / 250}.{(Index % 250) + 4}";
}
