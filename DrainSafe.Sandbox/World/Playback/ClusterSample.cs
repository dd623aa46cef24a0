using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Playback;

/// <summary>One look at the cluster and the simulated Azure: nodes, pod counts per node, events, approvals.</summary>
internal sealed class ClusterSample
{
    private ClusterSample(DateTimeOffset at, IReadOnlyDictionary<string, NodeRecord> nodes, IReadOnlyDictionary<string, (int Pods, int Evictable)> podsByNode,
        IReadOnlyList<ImdsScheduledEvent> events, IReadOnlyList<ImdsApproval> approvals)
    {
        At = at;
        Nodes = nodes;
        PodsByNode = podsByNode;
        Events = events;
        Approvals = approvals;
    }

    public DateTimeOffset At { get; }

    public IReadOnlyDictionary<string, NodeRecord> Nodes { get; }

    public IReadOnlyDictionary<string, (int Pods, int Evictable)> PodsByNode { get; }

    public IReadOnlyList<ImdsScheduledEvent> Events { get; }

    public IReadOnlyList<ImdsApproval> Approvals { get; }

    public static ClusterSample Take(SimulatedCluster cluster)
    {
        // IMDS first: reading it applies due transitions and delivers their impacts before the cluster is read.
        var events = cluster.Imds.GetEvents();
        var approvals = cluster.Imds.GetApprovals();
        var nodes = cluster.Store.List(BuiltInResources.Nodes).Items.Select(NodeRecord.From).ToDictionary(n => n.Name, StringComparer.Ordinal);
        var pods = new Dictionary<string, (int Pods, int Evictable)>(StringComparer.Ordinal);
        foreach (var pod in cluster.Store.List(BuiltInResources.Pods).Items)
        {
            if (pod.NodeName is not { } node)
            {
                continue;
            }

            var record = PodRecord.From(pod);
            if (record.IsTerminal)
            {
                continue;
            }

            var (count, evictable) = pods.GetValueOrDefault(node);
            pods[node] = (count + 1, evictable + (IsEvictable(record) ? 1 : 0));
        }

        return new ClusterSample(cluster.Time.GetUtcNow(), nodes, pods, events, approvals);
    }

    /// <summary>A sample of an empty cluster (for tests of the judgement).</summary>
    public static ClusterSample Empty(DateTimeOffset at) => new(at, new Dictionary<string, NodeRecord>(),
        new Dictionary<string, (int Pods, int Evictable)>(), [], []);

    /// <summary>A pod a drain must move: not a DaemonSet or mirror pod, not finished.</summary>
    public static bool IsEvictable(PodRecord pod) => pod.Controller?.Kind != "DaemonSet" && !pod.IsMirror && !pod.IsTerminal;

    public string? NodeOfVm(string vmName) =>
        Nodes.Values.FirstOrDefault(n => string.Equals(n.VmName, vmName, StringComparison.OrdinalIgnoreCase))?.Name;
}
