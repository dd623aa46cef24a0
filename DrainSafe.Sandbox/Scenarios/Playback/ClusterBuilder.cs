using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>Builds a scenario's cluster (pools, admin cordons, namespaces, workloads, PDBs) and waits until it runs.</summary>
public sealed class ClusterBuilder
{
    /// <summary>The namespace of the load Deployment added by <see cref="ScenarioRunOptions.PodsPerNode"/>.</summary>
    public const string LoadNamespace = "sandbox-load";

    private readonly SimulatedCluster _cluster;
    private readonly Scenario _scenario;
    private readonly ScenarioRunOptions _options;

    /// <summary>Prepares to build <paramref name="scenario"/>'s cluster in <paramref name="cluster"/>.</summary>
    public ClusterBuilder(SimulatedCluster cluster, Scenario scenario, ScenarioRunOptions options)
    {
        _cluster = cluster;
        _scenario = scenario;
        _options = options;
    }

    /// <summary>The workloads of the scenario, plus the load Deployment when asked for.</summary>
    public IReadOnlyList<WorkloadSpec> Workloads { get; private set; } = [];

    /// <summary>Creates nodes (registering their VMs), then namespaces and workloads once the scheduler knows every node.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        var nodesPerPool = _scenario.Cluster.Pools.Select(p => _options.NodesPerPool ?? p.Nodes).ToList();
        var totalNodes = nodesPerPool.Sum();
        var workloads = _scenario.Cluster.Workloads.ToList();
        if (_options.PodsPerNode is > 0 and var perNode)
        {
            workloads.Add(new WorkloadSpec(WorkloadKind.Deployment, "load", LoadNamespace, perNode * totalNodes, null, false, 30, null));
        }

        Workloads = workloads;
        if (_scenario.Cluster.DisruptionControllerDelay > TimeSpan.Zero)
        {
            // Scenario time, like the timeline: --speed shortens it too.
            _cluster.World.Faults.DisruptionControllerDelay = _scenario.Cluster.DisruptionControllerDelay * _options.TimeScale;
        }

        var pods = workloads.Sum(w => w.Kind == WorkloadKind.DaemonSet ? totalNodes : w.Replicas);
        var cordoned = _scenario.Cluster.CordonedNodes.ToHashSet(StringComparer.Ordinal);
        var requests = new Dictionary<string, NodeRequest>(StringComparer.Ordinal);
        for (var p = 0; p < _scenario.Cluster.Pools.Count; p++)
        {
            var pool = _scenario.Cluster.Pools[p];
            var maxPods = _options.PodsPerNode is > 0 ? Math.Max(pool.MaxPods, ScenarioSizing.CapacityFor(pods, totalNodes)) : pool.MaxPods;
            for (var i = 0; i < nodesPerPool[p]; i++)
            {
                var request = new NodeRequest(pool.Name, i, maxPods);
                requests[request.Name] = request;
                _cluster.AddNode(request with { Unschedulable = cordoned.Contains(request.Name) });
            }
        }

        foreach (var vm in _scenario.Cluster.ExternalVms)
        {
            _cluster.AddExternalVm(vm.Name, vm.SharesPlacementGroupWith is { } node ? requests.GetValueOrDefault(node) : null);
        }

        // Workloads placed before the scheduler has seen every node would crowd the first ones.
        while (await _cluster.World.ObserveAsync(s => s.Nodes.Count).WaitAsync(cancellationToken).ConfigureAwait(false) < totalNodes)
        {
            await Task.Delay(_options.SampleInterval / 10, _cluster.Time, cancellationToken).ConfigureAwait(false);
        }

        foreach (var @namespace in workloads.Select(w => w.Namespace).Distinct(StringComparer.Ordinal))
        {
            if (_cluster.Store.Get(BuiltInResources.Namespaces, null, @namespace) is null)
            {
                _cluster.Store.Create(BuiltInResources.Namespaces, WorkloadManifests.Namespace(@namespace));
            }
        }

        foreach (var workload in workloads)
        {
            foreach (var (kind, manifest) in WorkloadManifests.For(workload))
            {
                _cluster.Store.Create(ResourceOf(kind), manifest);
            }
        }
    }

    /// <summary>What still keeps the workloads from being Running and Ready (nodes down included); empty once they all are.</summary>
    public IReadOnlyList<string> NotYetRunning()
    {
        var store = _cluster.Store;
        var missing = new List<string>();
        var nodes = store.List(BuiltInResources.Nodes).Items.Select(NodeRecord.From).ToList();
        missing.AddRange(nodes.Where(n => !n.IsReady).Select(n => $"node {n.Name} is not Ready"));
        foreach (var workload in Workloads)
        {
            var pods = store.List(BuiltInResources.Pods, new ListOptions
            {
                Namespace = workload.Namespace,
                LabelSelector = WorkloadManifests.AppLabel + "=" + workload.Name,
            }).Items.Select(PodRecord.From).Where(p => !p.IsDeleting).ToList();
            var wanted = workload.Kind switch
            {
                WorkloadKind.DaemonSet => nodes.Count(n => !n.IsDeleting),
                WorkloadKind.BarePod => pods.Count,
                _ => workload.Replicas,
            };
            var ready = pods.Count(p => p.IsHealthy);
            if (ready < wanted)
            {
                var pending = pods.FirstOrDefault(p => p.UnschedulableMessage is not null)?.UnschedulableMessage;
                missing.Add($"{workload.Namespace}/{workload.Name}: {ready}/{wanted} Running and Ready" + (pending is null ? string.Empty : $" ({pending})"));
            }
        }

        return missing;
    }

    /// <summary>Waits until <see cref="NotYetRunning"/> is empty; throws naming what is missing after the timeout.</summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = _cluster.Time;
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var missing = NotYetRunning();
            if (missing.Count == 0)
            {
                return;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"The workloads were not Running after {timeout.TotalSeconds:0} s: {string.Join("; ", missing)}");
            }

            await Task.Delay(_options.SampleInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ResourceType ResourceOf(string kind) => kind switch
    {
        "Deployment" => BuiltInResources.Deployments,
        "StatefulSet" => BuiltInResources.StatefulSets,
        "DaemonSet" => BuiltInResources.DaemonSets,
        "PodDisruptionBudget" => BuiltInResources.PodDisruptionBudgets,
        _ => BuiltInResources.Pods,
    };
}
