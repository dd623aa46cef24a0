using System.Threading.Channels;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.Disruption;
using DrainSafe.Sandbox.World.Kubelet;
using DrainSafe.Sandbox.World.Maintenance;
using DrainSafe.Sandbox.World.Nodes;
using DrainSafe.Sandbox.World.Scheduling;
using DrainSafe.Sandbox.World.State;
using DrainSafe.Sandbox.World.Timing;
using DrainSafe.Sandbox.World.Workloads;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Sandbox.World;

/// <summary>
/// What a real control plane and kubelets add around the API server: scheduler, kubelets, workload controllers,
/// disruption controller, pod garbage collection, and the effect of VM maintenance on nodes. One loop reacts to the
/// store's watches in batches over light in-memory indexes; one timer drives every delay.
/// </summary>
public sealed class SimulatedWorld : IAsyncDisposable
{
    private const int MaxSignalsPerBatch = 10_000;
    private const int MaxPassesPerBatch = 8;

    private static readonly ResourceType[] Watched =
    [
        BuiltInResources.Nodes, BuiltInResources.Pods, BuiltInResources.PodDisruptionBudgets, BuiltInResources.Deployments,
        BuiltInResources.ReplicaSets, BuiltInResources.StatefulSets, BuiltInResources.DaemonSets,
    ];

    private readonly ObjectStore _store;
    private readonly WorldOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<WorldSignal> _signals = Channel.CreateUnbounded<WorldSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClusterState _state = new();
    private readonly WorldContext _context;
    private readonly SimulatedKubelet _kubelet;
    private readonly PodScheduler _scheduler;
    private readonly ReplicaSetController _replicaSets;
    private readonly DeploymentController _deployments;
    private readonly StatefulSetController _statefulSets;
    private readonly DaemonSetController _daemonSets;
    private readonly DisruptionController _disruption;
    private readonly ClusterVmImpacts _impacts;
    private readonly NodeLifecycleController _nodeLifecycle;
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allSynced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private readonly List<Task> _pumps = [];
    private DateTimeOffset? _timerArmedFor;
    private Task _loop = Task.CompletedTask;
    private long _passes;

    private SimulatedWorld(ObjectStore store, WorldOptions options)
    {
        options.Validate();
        _store = store;
        _options = options;
        _logger = options.LoggerFactory?.CreateLogger<SimulatedWorld>() ?? NullLogger<SimulatedWorld>.Instance;
        var writer = new StoreWriter(store, _state, OnChange, _logger);
        Faults = new WorldFaults(() => Post(new WorldSignal.Run(RecheckAllPdbs)));
        _context = new WorldContext(options, Faults, _state, writer, _logger);
        _kubelet = new SimulatedKubelet(_context);
        _scheduler = new PodScheduler(_context);
        _replicaSets = new ReplicaSetController(_context);
        _deployments = new DeploymentController(_context);
        _statefulSets = new StatefulSetController(_context);
        _daemonSets = new DaemonSetController(_context);
        _disruption = new DisruptionController(_context);
        _impacts = new ClusterVmImpacts(store, options.Time, Post);
        _nodeLifecycle = new NodeLifecycleController(_context, _kubelet);
        _timer = options.Time.CreateTimer(static s => ((SimulatedWorld)s!).Post(new WorldSignal.Tick()), this,
            Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The store the world acts on.</summary>
    public ObjectStore Store => _store;

    /// <summary>The world's options.</summary>
    public WorldOptions Options => _options;

    /// <summary>Faults switched while the world runs (a lagging disruption controller).</summary>
    public WorldFaults Faults { get; }

    /// <summary>
    /// Receives what the simulated Azure does to VMs: pass it to the <see cref="Imds.ImdsSimulator"/> of the cluster.
    /// </summary>
    public Imds.IVmImpactSink VmImpacts => _impacts;

    /// <summary>How many controller passes the loop has run (for benchmarks).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Raised for every VM impact, before the world acts on it, with the pods that were on the node.</summary>
    public event Action<VmImpactObservation>? VmImpacted
    {
        add => _impacts.Observed += value;
        remove => _impacts.Observed -= value;
    }

    /// <summary>
    /// Starts the world on a store: graceful pod deletion must be on in the store's options so that the kubelet, not
    /// the store, ends terminating pods. Returns once the world has listed every resource it watches.
    /// </summary>
    public static async Task<SimulatedWorld> StartAsync(ObjectStore store, WorldOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var world = new SimulatedWorld(store, options ?? new WorldOptions());
        store.PodDeletionRequested += world.OnPodDeletionRequested;
        world._loop = Task.Run(() => world.RunAsync(world._stopping.Token), CancellationToken.None);
        foreach (var resource in Watched)
        {
            world._pumps.Add(Task.Run(() => world.PumpAsync(resource, world._stopping.Token), CancellationToken.None));
        }

        await world._allSynced.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return world;
    }

    /// <summary>Registers a node the way a kubelet does: Ready, with capacity, pool labels and its VM's name.</summary>
    public StoredObject AddNode(NodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _store.Create(BuiltInResources.Nodes, NodeManifest.Build(request, _options.Time.GetUtcNow()));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _store.PodDeletionRequested -= OnPodDeletionRequested;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _signals.Writer.TryComplete();
        await _timer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_pumps.Append(_loop)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
    }

    internal void Post(WorldSignal signal) => _signals.Writer.TryWrite(signal);

    /// <summary>Reads the world's own view of the cluster on its loop (what its scheduler and controllers see now).</summary>
    internal Task<T> ObserveAsync<T>(Func<ClusterState, T> read)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new WorldSignal.Run(() =>
        {
            try
            {
                result.TrySetResult(read(_state));
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        }));
        return result.Task;
    }

    // A fault changed how the controllers behave: every budget is looked at again in the next pass.
    private void RecheckAllPdbs()
    {
        foreach (var key in _state.Pdbs.Keys)
        {
            _context.Pending.Pdbs.Add(key);
        }
    }

    private void OnPodDeletionRequested(PodDeletionRequest request) => Post(new WorldSignal.PodDeletion(request));

    private async Task PumpAsync(ResourceType resource, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var list = _store.List(resource);
            Post(new WorldSignal.Listed(resource, list.Items, list.ResourceVersion));
            await using var watch = _store.Watch(resource, new WatchOptions
            {
                ResourceVersion = list.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                QueueCapacity = 1_000_000,
            });
            try
            {
                await foreach (var watchEvent in watch.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (watchEvent.Type == WatchEventType.Error)
                    {
                        break;
                    }

                    if (watchEvent.Type != WatchEventType.Bookmark)
                    {
                        Post(new WorldSignal.Changed(watchEvent));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (watch.CloseReason == WatchCloseReason.Disposed && !cancellationToken.IsCancellationRequested)
            {
                // The store is shutting down.
                return;
            }

            WorldLog.WatchRestarted(_logger, resource.Plural, watch.CloseReason.ToString());
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _signals.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var count = 0;
                    while (count++ < MaxSignalsPerBatch && reader.TryRead(out var signal))
                    {
                        Handle(signal);
                    }

                    RunDueWork();
                    for (var pass = 0; pass < MaxPassesPerBatch && !_context.Pending.IsEmpty; pass++)
                    {
                        RunControllers();
                    }

                    ArmTimer();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    WorldLog.PassFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Handle(WorldSignal signal)
    {
        switch (signal)
        {
            case WorldSignal.Changed changed when changed.Event.Object is { } obj:
                if (_state.Apply(changed.Event.Resource, obj, changed.Event.Type == WatchEventType.Deleted) is { } change)
                {
                    OnChange(change);
                }

                break;
            case WorldSignal.Listed listed:
                foreach (var listedChange in _state.Resync(listed.Resource, listed.Items, listed.ResourceVersion))
                {
                    OnChange(listedChange);
                }

                if (_synced.Add(listed.Resource.StorageKey) && _synced.Count == Watched.Length)
                {
                    _allSynced.TrySetResult();
                }

                break;
            case WorldSignal.PodDeletion deletion:
                _kubelet.DeletionRequested(deletion.Request);
                break;
            case WorldSignal.VmImpact impact:
                _nodeLifecycle.Apply(impact.Kind, impact.VmName, impact.EventType);
                break;
            case WorldSignal.Run run:
                run.Action();
                break;
            case WorldSignal.Tick:
                // The timer is spent: arm it again for whatever is earliest after this batch.
                _timerArmedFor = null;
                break;
        }
    }

    /// <summary>Notes what a change means for the controllers; they run once per batch, not once per event.</summary>
    private void OnChange(StateChange change)
    {
        var pending = _context.Pending;
        switch (change.After ?? change.Before)
        {
            case PodRecord:
                var before = change.Before as PodRecord;
                var after = change.After as PodRecord;
                foreach (var pod in new[] { before, after })
                {
                    if (pod is null)
                    {
                        continue;
                    }

                    if (pod.Controller is { } controller)
                    {
                        pending.Workloads.Add(controller.Uid);
                    }

                    foreach (var pdb in _state.PdbsInNamespace(pod.Namespace))
                    {
                        if (pdb.Selector.Matches(pod.Labels))
                        {
                            pending.Pdbs.Add(pdb.Key);
                        }
                    }
                }

                if (after is not null)
                {
                    pending.Pods.Add(after.Key);
                }
                else if (before is { IsMirror: true })
                {
                    _kubelet.MirrorPodRemoved(before);
                    pending.Pods.Add(before.Key);
                }

                pending.Schedule = true;
                break;
            case NodeRecord:
                var nodeBefore = change.Before as NodeRecord;
                var nodeAfter = change.After as NodeRecord;
                pending.Schedule = true;
                if (nodeBefore is null || nodeAfter is null)
                {
                    pending.AllDaemonSets = true;
                }

                if (nodeAfter is null)
                {
                    pending.NodesGone.Add(nodeBefore!.Name);
                }
                else if (nodeAfter.IsReady && nodeBefore?.IsReady != true)
                {
                    pending.NodesUp.Add(nodeAfter.Name);
                }

                break;
            case PdbRecord pdbRecord:
                pending.Pdbs.Add(pdbRecord.Key);
                break;
            case WorkloadRecord workload:
                pending.Workloads.Add(workload.Uid);
                if (workload.Controller is { Kind: "Deployment" } owner)
                {
                    pending.Workloads.Add(owner.Uid);
                }

                foreach (var pdb in _state.PdbsInNamespace(workload.Namespace))
                {
                    // A controller's scale is a PDB's expected pod count.
                    pending.Pdbs.Add(pdb.Key);
                }

                break;
        }
    }

    private void RunDueWork()
    {
        foreach (var work in _context.Due.TakeDue(_context.Now))
        {
            switch (work.Kind)
            {
                case TimedWorkKind.StartPod or TimedWorkKind.FinishTermination:
                    _kubelet.Run(work);
                    break;
                case TimedWorkKind.RecheckPdb:
                    _context.Pending.Pdbs.Add(work.Key);
                    break;
                case TimedWorkKind.Retry:
                    _context.RetryDue();
                    break;
            }
        }
    }

    private void RunControllers()
    {
        var work = new PendingWork();
        _context.Pending.MoveTo(work);
        if (work.AllDaemonSets)
        {
            work.Workloads.UnionWith(_state.Workloads.Where(w => w.Kind == WorkloadKindName.DaemonSet).Select(w => w.Uid));
        }

        foreach (var node in work.NodesGone)
        {
            // The pod garbage collector removes pods bound to nodes that no longer exist.
            if (!_state.Nodes.ContainsKey(node))
            {
                _kubelet.KillPodsOn(node);
            }
        }

        var workloads = work.Workloads.Select(_state.WorkloadByUid).OfType<WorkloadRecord>().OrderBy(w => w.Kind).ToList();
        foreach (var workload in workloads)
        {
            // Earlier reconciles in this pass may have replaced the record.
            var current = _state.WorkloadByUid(workload.Uid);
            if (current is null)
            {
                continue;
            }

            switch (current.Kind)
            {
                case WorkloadKindName.Deployment:
                    _deployments.Reconcile(current);
                    break;
                case WorkloadKindName.ReplicaSet:
                    _replicaSets.Reconcile(current);
                    break;
                case WorkloadKindName.StatefulSet:
                    _statefulSets.Reconcile(current);
                    break;
                case WorkloadKindName.DaemonSet:
                    _daemonSets.Reconcile(current);
                    break;
            }
        }

        if (work.Schedule)
        {
            _scheduler.ScheduleAll();
        }

        foreach (var node in work.NodesUp)
        {
            _kubelet.NodeUp(node);
        }

        foreach (var pod in work.Pods)
        {
            _kubelet.Check(pod);
        }

        foreach (var pdb in work.Pdbs)
        {
            _disruption.Reconcile(pdb);
        }

        Interlocked.Increment(ref _passes);
    }

    private void ArmTimer()
    {
        var earliest = _context.Due.Earliest;
        if (earliest == _timerArmedFor)
        {
            return;
        }

        _timerArmedFor = earliest;
        if (earliest is null)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = earliest.Value - _context.Now;
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }
}
