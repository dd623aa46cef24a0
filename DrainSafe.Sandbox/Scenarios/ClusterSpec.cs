namespace DrainSafe.Sandbox.Scenarios;

/// <summary>The simulated cluster a scenario starts from.</summary>
/// <param name="Pools">Node pools; each node is a scale-set VM named <c>{pool}_vmss_{i}</c>.</param>
/// <param name="Workloads">Deployments, StatefulSets, DaemonSets and bare pods, with their PDBs.</param>
/// <param name="CordonedNodes">Nodes an administrator cordoned before the scenario (DrainSafe must leave them cordoned).</param>
public sealed record ClusterSpec(
    IReadOnlyList<NodePoolSpec> Pools,
    IReadOnlyList<WorkloadSpec> Workloads,
    IReadOnlyList<string> CordonedNodes);

/// <summary>A node pool.</summary>
/// <param name="Name">Pool name (lowercase DNS label).</param>
/// <param name="Nodes">Number of nodes.</param>
/// <param name="MaxPods">Pods per node the scheduler may place.</param>
public sealed record NodePoolSpec(string Name, int Nodes, int MaxPods);
