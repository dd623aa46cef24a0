using System.Text.Json;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>One look at the cluster and the simulated Azure: nodes, pod counts per node, events, approvals.</summary>
internal sealed class ClusterSample
{
    private static readonly EntityDefinition NodeMaintenanceDefinition = EntityDefinition.For<DrainSafe.Entities.NodeMaintenance>();

    private ClusterSample(DateTimeOffset at, IReadOnlyDictionary<string, NodeRecord> nodes, IReadOnlyDictionary<string, (int Pods, int Evictable)> podsByNode,
        IReadOnlyList<ImdsScheduledEvent> events, IReadOnlyList<ImdsApproval> approvals, IReadOnlyDictionary<string, MaintenanceView> maintenance)
    {
        Maintenance = maintenance;
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

    /// <summary>DrainSafe's NodeMaintenances by name (= node name), when the CRD is installed.</summary>
    public IReadOnlyDictionary<string, MaintenanceView> Maintenance { get; }

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

        return new ClusterSample(cluster.Time.GetUtcNow(), nodes, pods, events, approvals, MaintenanceOf(cluster.Store));
    }

    /// <summary>A sample of an empty cluster (for tests of the judgement).</summary>
    public static ClusterSample Empty(DateTimeOffset at) => new(at, new Dictionary<string, NodeRecord>(),
        new Dictionary<string, (int Pods, int Evictable)>(), [], [], new Dictionary<string, MaintenanceView>());

    /// <summary>A pod a drain must move: not a DaemonSet or mirror pod, not finished.</summary>
    public static bool IsEvictable(PodRecord pod) => pod.Controller?.Kind != "DaemonSet" && !pod.IsMirror && !pod.IsTerminal;

    private static Dictionary<string, MaintenanceView> MaintenanceOf(ObjectStore store)
    {
        var views = new Dictionary<string, MaintenanceView>(StringComparer.Ordinal);
        if (store.Resources.Find(NodeMaintenanceDefinition.Group, NodeMaintenanceDefinition.Version, NodeMaintenanceDefinition.Plural) is not { } resource)
        {
            return views;
        }

        foreach (var item in store.List(resource).Items)
        {
            using var document = JsonDocument.Parse(item.Json);
            var root = document.RootElement;
            var blockedBy = JsonFields.Array(root, "status", "drain", "blockedBy").Select(b => b.GetString()).OfType<string>().ToList();
            views[item.Name] = new MaintenanceView(
                JsonFields.String(root, "status", "state"),
                (int?)JsonFields.Long(root, "status", "drain", "remainingPods"),
                blockedBy.Count == 0 ? null : string.Join(",", blockedBy));
        }

        return views;
    }

    public string? NodeOfVm(string vmName) =>
        Nodes.Values.FirstOrDefault(n => string.Equals(n.VmName, vmName, StringComparison.OrdinalIgnoreCase))?.Name;
}
