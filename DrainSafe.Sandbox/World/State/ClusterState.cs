using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.World.State;

/// <summary>
/// The world's in-memory mirror of the store: parsed pods, nodes, PDBs and workloads with the light indexes the
/// controllers need (pods per node, per controller, per namespace; unbound pods; nodes per VM). Owned by the world
/// loop; not thread-safe.
/// </summary>
/// <remarks>
/// Objects arrive both from watches and from the results of the world's own writes, so every change is applied only
/// when it is newer than what is known; removals leave a tombstone until the watch has passed them.
/// </remarks>
internal sealed class ClusterState
{
    private readonly Dictionary<string, PodRecord> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _podsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _occupancy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _podsByController = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _podsByNamespace = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unboundPods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeByVm = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PdbRecord> _pdbs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _pdbsByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadRecord> _workloadsByUid = new(StringComparer.Ordinal);
    private readonly Dictionary<(WorkloadKindName Kind, string Key), WorkloadRecord> _workloads = [];
    private readonly Dictionary<string, HashSet<string>> _replicaSetsByDeployment = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Storage, string Key), long> _tombstones = [];

    public IReadOnlyDictionary<string, PodRecord> Pods => _pods;

    public IReadOnlyDictionary<string, NodeRecord> Nodes => _nodes;

    public IReadOnlyDictionary<string, PdbRecord> Pdbs => _pdbs;

    public IEnumerable<WorkloadRecord> Workloads => _workloadsByUid.Values;

    public IReadOnlyCollection<string> UnboundPods => _unboundPods;

    public IEnumerable<PodRecord> PodsOnNode(string node) => KeysOf(_podsByNode, node).Select(k => _pods[k]);

    /// <summary>Pods bound to the node that have not finished (what counts against allocatable pods).</summary>
    public int Occupancy(string node) => _occupancy.GetValueOrDefault(node);

    public IEnumerable<PodRecord> PodsOfController(string uid) => KeysOf(_podsByController, uid).Select(k => _pods[k]);

    public IEnumerable<PodRecord> PodsInNamespace(string @namespace) => KeysOf(_podsByNamespace, @namespace).Select(k => _pods[k]);

    public IEnumerable<PdbRecord> PdbsInNamespace(string @namespace) => KeysOf(_pdbsByNamespace, @namespace).Select(k => _pdbs[k]);

    public IEnumerable<WorkloadRecord> ReplicaSetsOf(string deploymentUid) =>
        KeysOf(_replicaSetsByDeployment, deploymentUid).Select(uid => _workloadsByUid[uid]);

    public WorkloadRecord? WorkloadByUid(string uid) => _workloadsByUid.GetValueOrDefault(uid);

    public string? NodeOfVm(string vmName) => _nodeByVm.GetValueOrDefault(vmName);

    /// <summary>Applies a watched or written object; returns the previous and current record when something changed.</summary>
    public StateChange? Apply(ResourceType resource, StoredObject obj, bool removed)
    {
        var slot = (resource.StorageKey, obj.Key);
        if (_tombstones.TryGetValue(slot, out var tombstone))
        {
            if (obj.ResourceVersion <= tombstone)
            {
                if (removed && obj.ResourceVersion == tombstone)
                {
                    _tombstones.Remove(slot);
                }

                return null;
            }

            _tombstones.Remove(slot);
        }

        var current = Find(resource, obj.Key);
        if (current is not null && current.Value.ResourceVersion >= obj.ResourceVersion)
        {
            return null;
        }

        if (removed)
        {
            if (current is null)
            {
                return null;
            }

            Remove(resource, obj.Key);
            return new StateChange(resource, current.Value.Record, null);
        }

        var record = Put(resource, obj);
        return record is null ? null : new StateChange(resource, current?.Record, record);
    }

    /// <summary>Applies the result of the world's own delete: the object is gone now, whatever the watch says later.</summary>
    public StateChange? ApplyRemoval(ResourceType resource, StoredObject finalState)
    {
        var change = Apply(resource, finalState, removed: true);
        _tombstones[(resource.StorageKey, finalState.Key)] = finalState.ResourceVersion;
        return change;
    }

    /// <summary>Replaces what is known of a resource by a fresh list; objects missing from it are removed.</summary>
    public List<StateChange> Resync(ResourceType resource, IReadOnlyList<StoredObject> items, long listVersion)
    {
        var changes = new List<StateChange>();
        var listed = new HashSet<string>(items.Select(i => i.Key), StringComparer.Ordinal);
        foreach (var (key, version, record) in Known(resource).ToList())
        {
            if (!listed.Contains(key) && version <= listVersion)
            {
                Remove(resource, key);
                changes.Add(new StateChange(resource, record, null));
            }
        }

        foreach (var slot in _tombstones.Where(t => t.Key.Storage == resource.StorageKey && t.Value <= listVersion).Select(t => t.Key).ToList())
        {
            _tombstones.Remove(slot);
        }

        foreach (var item in items)
        {
            if (Apply(resource, item, removed: false) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private static IEnumerable<string> KeysOf(Dictionary<string, HashSet<string>> index, string key) =>
        index.TryGetValue(key, out var set) ? set : [];

    private static void AddTo(Dictionary<string, HashSet<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var set))
        {
            index[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

    private static void RemoveFrom(Dictionary<string, HashSet<string>> index, string key, string value)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(value) && set.Count == 0)
        {
            index.Remove(key);
        }
    }

    private (long ResourceVersion, object Record)? Find(ResourceType resource, string key)
    {
        object? record = Kind(resource) switch
        {
            RecordKind.Pod => _pods.GetValueOrDefault(key),
            RecordKind.Node => _nodes.GetValueOrDefault(key),
            RecordKind.Pdb => _pdbs.GetValueOrDefault(key),
            RecordKind.Workload => _workloads.GetValueOrDefault((WorkloadKindOf(resource), key)),
            _ => null,
        };
        return record switch
        {
            PodRecord p => (p.ResourceVersion, p),
            NodeRecord n => (n.ResourceVersion, n),
            PdbRecord d => (d.ResourceVersion, d),
            WorkloadRecord w => (w.ResourceVersion, w),
            _ => null,
        };
    }

    private IEnumerable<(string Key, long Version, object Record)> Known(ResourceType resource) => Kind(resource) switch
    {
        RecordKind.Pod => _pods.Values.Select(p => (p.Key, p.ResourceVersion, (object)p)),
        RecordKind.Node => _nodes.Values.Select(n => (n.Name, n.ResourceVersion, (object)n)),
        RecordKind.Pdb => _pdbs.Values.Select(d => (d.Key, d.ResourceVersion, (object)d)),
        RecordKind.Workload => _workloads.Values.Where(w => w.Kind == WorkloadKindOf(resource))
            .Select(w => (w.Key, w.ResourceVersion, (object)w)),
        _ => [],
    };

    private object? Put(ResourceType resource, StoredObject obj)
    {
        switch (Kind(resource))
        {
            case RecordKind.Pod:
                RemovePod(obj.Key);
                var pod = PodRecord.From(obj);
                _pods[pod.Key] = pod;
                AddTo(_podsByNamespace, pod.Namespace, pod.Key);
                if (pod.NodeName is { } node)
                {
                    AddTo(_podsByNode, node, pod.Key);
                    if (pod.OccupiesNode)
                    {
                        _occupancy[node] = _occupancy.GetValueOrDefault(node) + 1;
                    }
                }
                else if (pod.IsActive)
                {
                    _unboundPods.Add(pod.Key);
                }

                if (pod.Controller is { } controller)
                {
                    AddTo(_podsByController, controller.Uid, pod.Key);
                }

                return pod;
            case RecordKind.Node:
                RemoveNode(obj.Key);
                var nodeRecord = NodeRecord.From(obj);
                _nodes[nodeRecord.Name] = nodeRecord;
                if (nodeRecord.VmName is { } vm)
                {
                    _nodeByVm[vm] = nodeRecord.Name;
                }

                return nodeRecord;
            case RecordKind.Pdb:
                RemovePdb(obj.Key);
                var pdb = PdbRecord.From(obj);
                _pdbs[pdb.Key] = pdb;
                AddTo(_pdbsByNamespace, pdb.Namespace, pdb.Key);
                return pdb;
            case RecordKind.Workload:
                var kind = WorkloadKindOf(resource);
                RemoveWorkload(kind, obj.Key);
                var workload = WorkloadRecord.From(kind, obj);
                _workloads[(kind, workload.Key)] = workload;
                _workloadsByUid[workload.Uid] = workload;
                if (kind == WorkloadKindName.ReplicaSet && workload.Controller is { Kind: "Deployment" } owner)
                {
                    AddTo(_replicaSetsByDeployment, owner.Uid, workload.Uid);
                }

                return workload;
            default:
                return null;
        }
    }

    private void Remove(ResourceType resource, string key)
    {
        switch (Kind(resource))
        {
            case RecordKind.Pod:
                RemovePod(key);
                break;
            case RecordKind.Node:
                RemoveNode(key);
                break;
            case RecordKind.Pdb:
                RemovePdb(key);
                break;
            case RecordKind.Workload:
                RemoveWorkload(WorkloadKindOf(resource), key);
                break;
        }
    }

    private void RemovePod(string key)
    {
        if (!_pods.Remove(key, out var pod))
        {
            return;
        }

        RemoveFrom(_podsByNamespace, pod.Namespace, key);
        _unboundPods.Remove(key);
        if (pod.NodeName is { } node)
        {
            RemoveFrom(_podsByNode, node, key);
            if (pod.OccupiesNode && _occupancy.TryGetValue(node, out var count))
            {
                if (count <= 1)
                {
                    _occupancy.Remove(node);
                }
                else
                {
                    _occupancy[node] = count - 1;
                }
            }
        }

        if (pod.Controller is { } controller)
        {
            RemoveFrom(_podsByController, controller.Uid, key);
        }
    }

    private void RemoveNode(string name)
    {
        if (_nodes.Remove(name, out var node) && node.VmName is { } vm && _nodeByVm.GetValueOrDefault(vm) == name)
        {
            _nodeByVm.Remove(vm);
        }
    }

    private void RemovePdb(string key)
    {
        if (_pdbs.Remove(key, out var pdb))
        {
            RemoveFrom(_pdbsByNamespace, pdb.Namespace, key);
        }
    }

    private void RemoveWorkload(WorkloadKindName kind, string key)
    {
        if (!_workloads.Remove((kind, key), out var workload))
        {
            return;
        }

        _workloadsByUid.Remove(workload.Uid);
        if (workload.Controller is { Kind: "Deployment" } owner)
        {
            RemoveFrom(_replicaSetsByDeployment, owner.Uid, workload.Uid);
        }
    }

    private static RecordKind Kind(ResourceType resource) => (resource.Group, resource.Plural) switch
    {
        ("", "pods") => RecordKind.Pod,
        ("", "nodes") => RecordKind.Node,
        ("policy", "poddisruptionbudgets") => RecordKind.Pdb,
        ("apps", "deployments" or "replicasets" or "statefulsets" or "daemonsets") => RecordKind.Workload,
        _ => RecordKind.None,
    };

    private static WorkloadKindName WorkloadKindOf(ResourceType resource) => resource.Plural switch
    {
        "deployments" => WorkloadKindName.Deployment,
        "replicasets" => WorkloadKindName.ReplicaSet,
        "statefulsets" => WorkloadKindName.StatefulSet,
        _ => WorkloadKindName.DaemonSet,
    };

    private enum RecordKind
    {
        None,
        Pod,
        Node,
        Pdb,
        Workload,
    }
}
