using DrainSafe.Entities;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>Everything the next lifecycle step depends on, read by the reconciler; the step is a pure function of it.</summary>
/// <param name="Maintenance">The node's NodeMaintenance.</param>
/// <param name="Node">The Node; null when it no longer exists.</param>
/// <param name="Peers">Every other node's maintenance (approval and the concurrency limit).</param>
/// <param name="ClusterNodes">How many nodes the cluster has (a percentage limit).</param>
/// <param name="Drain">How the node's drain stands in this process.</param>
/// <param name="Options">The policy.</param>
/// <param name="Now">The time.</param>
public sealed record MaintenanceFacts(
    NodeMaintenance Maintenance,
    NodeFacts? Node,
    IReadOnlyList<PeerMaintenance> Peers,
    int ClusterNodes,
    DrainSnapshot Drain,
    DrainSafeOptions Options,
    DateTimeOffset Now);
