namespace DrainSafe.Sandbox.Scenarios;

/// <summary>The simulated cluster a scenario starts from.</summary>
/// <param name="Pools">Node pools; each node is a scale-set VM named <c>{pool}_vmss_{i}</c>.</param>
/// <param name="Workloads">Deployments, StatefulSets, DaemonSets and bare pods, with their PDBs.</param>
/// <param name="CordonedNodes">Nodes an administrator cordoned before the scenario (DrainSafe must leave them cordoned).</param>
public sealed record ClusterSpec(
    IReadOnlyList<NodePoolSpec> Pools,
    IReadOnlyList<WorkloadSpec> Workloads,
    IReadOnlyList<string> CordonedNodes)
{
    /// <summary>
    /// VMs with an IMDS that are no node of the cluster: on Azure an availability set or placement group can hold
    /// VMs of another cluster, and an event may list them beside (or instead of) this cluster's VMs.
    /// </summary>
    public IReadOnlyList<ExternalVmSpec> ExternalVms { get; init; } = [];

    /// <summary>
    /// How long the disruption controller takes to observe a new or changed PDB spec (zero: at once), in scenario time:
    /// meanwhile evictions under the budget answer 429 "still being processed".
    /// </summary>
    public TimeSpan DisruptionControllerDelay { get; init; } = TimeSpan.Zero;
}

/// <summary>A VM that is no node of the cluster (for example a VM of another cluster).</summary>
/// <param name="Name">Its compute name, as events list it.</param>
/// <param name="SharesPlacementGroupWith">A node whose placement group the VM is in, so an event listing the VM reaches that group; null for none.</param>
public sealed record ExternalVmSpec(string Name, string? SharesPlacementGroupWith);

/// <summary>A node pool.</summary>
/// <param name="Name">Pool name (lowercase DNS label).</param>
/// <param name="Nodes">Number of nodes.</param>
/// <param name="MaxPods">Pods per node the scheduler may place.</param>
public sealed record NodePoolSpec(string Name, int Nodes, int MaxPods);
