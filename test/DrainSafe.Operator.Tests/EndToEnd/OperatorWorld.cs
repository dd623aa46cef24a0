using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DrainSafe.Entities;
using DrainSafe.Operator.Hosting;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.Scenarios.Playback;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// A simulated cluster with the NodeMaintenance CRD and the REAL operator host (its own HTTP client, over loopback)
/// running against it. Tests write NodeMaintenance specs as the agent would, and watch what a user would see: the
/// NodeMaintenance status, the Node, the pods, the Events. Every state and node annotation is recorded from the store's
/// own watch, so fast transitions are not missed. The admission policy DrainSafe ships (config/admission) is enforced:
/// the operator authenticates with its service account's token, and specs are written as the agent of their node.
/// </summary>
internal sealed class OperatorWorld : IAsyncDisposable
{
    public const string Pool = "pool1";
    public const string Apps = "apps";

    private readonly List<IHost> operators = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task recording;
    private DrainSafeInCluster? agents;

    /// <summary>Where the operators and agents of this world log (null: the operator's console at Warning, agents nowhere).</summary>
    public ILoggerFactory? Logs { get; private init; }

    private OperatorWorld(SimulatedCluster cluster)
    {
        Cluster = cluster;
        Client = cluster.Server.CreateClient();
        recording = Task.Run(RecordAsync);
    }

    public SimulatedCluster Cluster { get; }

    public ObjectStore Store => Cluster.Store;

    public Kubernetes Client { get; }

    /// <summary>Every status.state each NodeMaintenance went through, in order (consecutive repeats folded).</summary>
    public ConcurrentDictionary<string, List<MaintenanceState>> States { get; } = new();

    /// <summary>Every value of the maintenancestate annotation each node went through, in order.</summary>
    public ConcurrentDictionary<string, List<string>> Annotations { get; } = new();

    public static string Node(int index) => $"{Pool}-vmss{index:D6}";

    public static string Vm(int index) => $"{Pool}-vmss_{index}";

    /// <param name="serveImds">Serve the simulated IMDS over HTTP, for real agents (<see cref="StartAgentsAsync"/>).</param>
    /// <param name="logs">Where the operators and agents log (<see cref="Logs"/>).</param>
    public static async Task<OperatorWorld> StartAsync(int nodes = 3, int maxPods = 30, double graceScale = 0.01, bool serveImds = false,
        ILoggerFactory? logs = null)
    {
        var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            World = new WorldOptions { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = graceScale },
            Imds = new() { RequestsPerWindow = 0 },
            ServeImds = serveImds,
        });
        CustomResourceDefinitionFile.Install(cluster.Store, CustomResourceDefinitionFile.Locate()
            ?? throw new InvalidOperationException($"{CustomResourceDefinitionFile.RelativePath} not found"));
        AdmissionPolicyFiles.Install(cluster.Store, AdmissionPolicyFiles.Locate()
            ?? throw new InvalidOperationException($"{AdmissionPolicyFiles.RelativePath} not found"));
        cluster.AddNodePool(Pool, nodes, maxPods);
        await Eventually.HoldsAsync(() => cluster.World.ObserveAsync(s => s.Nodes.Count == nodes), $"the world sees {nodes} nodes");
        var world = new OperatorWorld(cluster) { Logs = logs };
        world.EnsureNamespace(Apps);
        world.EnsureNamespace("default");
        return world;
    }

    /// <summary>Starts an operator host with test timings; <paramref name="settings"/> override configuration keys.</summary>
    public async Task<IHost> StartOperatorAsync(IDictionary<string, string?>? settings = null, bool start = true)
    {
        var host = CreateOperator(settings);
        operators.Add(host);
        if (start)
        {
            await host.StartAsync();
        }

        return host;
    }

    /// <summary>Starts one real agent per node (its own HTTP clients, its VM's simulated IMDS over HTTP); needs <c>serveImds</c>.</summary>
    public async Task StartAgentsAsync(TimeSpan pollInterval)
    {
        agents ??= new DrainSafeInCluster(Cluster, Logs) { AgentPollInterval = pollInterval };
        await agents.StartAgentsAsync(CancellationToken.None);
    }

    public IHost CreateOperator(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Operator:Health:Port"] = "0",
            ["Operator:Health:Host"] = "127.0.0.1",
            ["Operator:LeaderElection:LeaseNamespace"] = "default",
            ["Operator:LeaderElection:LeaseDuration"] = "00:00:04",
            ["Operator:LeaderElection:RenewDeadline"] = "00:00:03",
            ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.500",
            ["Operator:Workers"] = "8",
            ["DrainSafe:EvictionRetryDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return OperatorHost.Create([], Cluster.Server.CreateClientConfiguration(DrainSafeServiceAccounts.IssueOperatorToken(Cluster.Server.Authentication)),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(values);
                if (Logs is not null)
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.SetMinimumLevel(LogLevel.Debug);
                    builder.Services.AddSingleton(Logs);
                }
            });
    }

    public void EnsureNamespace(string name)
    {
        if (Store.Get(BuiltInResources.Namespaces, null, name) is null)
        {
            Store.Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
    }

    /// <summary>A Deployment (and optionally a PDB) in the apps namespace; waits until its pods run.</summary>
    public async Task DeployAsync(string name, int replicas, int graceSeconds = 30, string? pdbMaxUnavailable = null, string? pdbMinAvailable = null)
    {
        Store.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment(Apps, name, replicas, graceSeconds));
        if (pdbMaxUnavailable is not null || pdbMinAvailable is not null)
        {
            Store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb(Apps, name, name, pdbMinAvailable, pdbMaxUnavailable));
        }

        await Eventually.HoldsAsync(() => RunningPods(name).Count == replicas, $"{replicas} running pods of {name}", () => $"{RunningPods(name).Count} running");
    }

    public List<V1Pod> RunningPods(string app) =>
        Store.List<V1Pod>(Apps, labelSelector: "app=" + app).Where(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null).ToList();

    public List<V1Pod> PodsOn(string node, string? ns = Apps) =>
        Store.List<V1Pod>(ns, fieldSelector: "spec.nodeName=" + node).ToList();

    /// <summary>The write options of the agent on node <paramref name="index"/>: its node-bound token's user, held to the admission policy.</summary>
    public WriteOptions AsAgentOf(int index) => new()
    {
        User = Cluster.Server.Authentication.Authenticate("Bearer " + DrainSafeServiceAccounts.IssueAgentToken(Cluster.Server.Authentication, Node(index))),
    };

    /// <summary>Writes the node's NodeMaintenance spec the way its agent does (creating it with an owner reference to the Node).</summary>
    public NodeMaintenance WriteEvents(int index, params ScheduledEvent[] events)
    {
        var name = Node(index);
        var existing = Store.Get<NodeMaintenance>(null, name);
        if (existing is null)
        {
            var node = Store.Get<V1Node>(null, name)!;
            return Store.Create(new NodeMaintenance
            {
                ApiVersion = $"{NodeMaintenance.GroupName}/{NodeMaintenance.Version}",
                Kind = NodeMaintenance.KindName,
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = name, Uid = node.Metadata.Uid }],
                },
                Spec = new NodeMaintenanceSpec { NodeName = name, VmName = Vm(index), DocumentIncarnation = 1, Events = events.ToList() },
            }, AsAgentOf(index));
        }

        var spec = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["documentIncarnation"] = existing.Spec.DocumentIncarnation + 1,
                ["events"] = JsonNode.Parse(KubernetesJson.Serialize(events.ToList())),
            },
        };
        return Store.Patch<NodeMaintenance>(null, name, V1Patch.PatchType.MergePatch, spec.ToJsonString(), AsAgentOf(index));
    }

    public static ScheduledEvent Event(string type, TimeSpan notice, params int[] vms) =>
        ScheduledEvent.FromImds(Guid.NewGuid().ToString().ToUpperInvariant(), type, "Scheduled", vms.Select(Vm),
            (DateTimeOffset.UtcNow + notice).ToString("r", System.Globalization.CultureInfo.InvariantCulture), "test", "Platform", -1);

    public static ScheduledEvent Started(ScheduledEvent e) => e with { EventStatus = ScheduledEventStatus.Started, NotBefore = null };

    public NodeMaintenance? Maintenance(int index) => Store.Get<NodeMaintenance>(null, Node(index));

    public V1Node NodeObject(int index) => Store.Get<V1Node>(null, Node(index))!;

    public Task<NodeMaintenance> WaitForStateAsync(int index, MaintenanceState state, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(_ => Task.FromResult(Maintenance(index) is { Status.State: var s } m && s == state ? m : null),
            $"{Node(index)} in {state}", timeout: timeout, diagnostics: () => Describe(index));

    public List<Corev1Event> Events(string? reason = null) =>
        Store.List<Corev1Event>().Where(e => reason is null || e.Reason == reason).ToList();

    /// <summary>Waits for a Kubernetes Event with this reason (they are published right after the status write they describe).</summary>
    public Task ExpectEventAsync(string reason, Func<Corev1Event, bool> match) =>
        Eventually.HoldsAsync(() => Events(reason).Any(match), $"an Event {reason}",
            () => string.Join("; ", Events().Select(e => $"{e.Reason} {e.InvolvedObject.Name}: {e.Message}")));

    public string Describe(int index)
    {
        var m = Maintenance(index);
        var states = States.TryGetValue(Node(index), out var s) ? string.Join(" > ", s) : "(none)";
        return $"states: {states}; status: {(m?.Status is null ? "(none)" : KubernetesJson.Serialize(m.Status))}; unschedulable: {NodeObject(index).Spec?.Unschedulable}; pods on node: {string.Join(", ", PodsOn(Node(index)).Select(p => p.Metadata.Name + (p.Metadata.DeletionTimestamp is null ? string.Empty : "(terminating)")))}";
    }

    public async ValueTask DisposeAsync()
    {
        if (agents is not null)
        {
            await agents.DisposeAsync();
        }

        foreach (var host in operators)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
            }

            host.Dispose();
        }

        await stop.CancelAsync();
        try
        {
            await recording;
        }
        catch (OperationCanceledException)
        {
        }

        Client.Dispose();
        await Cluster.DisposeAsync();
        stop.Dispose();
    }

    private async Task RecordAsync()
    {
        var maintenances = Store.Watch(Store.ResourceFor<NodeMaintenance>());
        var nodes = Store.Watch(BuiltInResources.Nodes);
        await Task.WhenAll(Read(maintenances, o =>
        {
            if (o.Deserialize<NodeMaintenance>().Status?.State is { } state)
            {
                Append(States, o.Name, state);
            }
        }), Read(nodes, o =>
        {
            if (o.Deserialize<V1Node>().Metadata.Annotations?.TryGetValue(DrainSafeAnnotations.MaintenanceState, out var value) == true)
            {
                Append(Annotations, o.Name, value);
            }
        }));
    }

    private async Task Read(WatchSubscription subscription, Action<StoredObject> record)
    {
        await using (subscription)
        {
            try
            {
                await foreach (var change in subscription.ReadAllAsync(stop.Token))
                {
                    if (change.Object is { } obj)
                    {
                        record(obj);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The states the recorder's watch has seen for a node's NodeMaintenance so far (a copy).</summary>
    public IReadOnlyList<MaintenanceState> RecordedStates(int index) => Snapshot(States, Node(index));

    /// <summary>The values of the node's maintenance-state annotation the recorder's watch has seen so far (a copy).</summary>
    public IReadOnlyList<string> RecordedAnnotations(int index) => Snapshot(Annotations, Node(index));

    private static IReadOnlyList<T> Snapshot<T>(ConcurrentDictionary<string, List<T>> log, string key)
    {
        if (!log.TryGetValue(key, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    private static void Append<T>(ConcurrentDictionary<string, List<T>> log, string key, T value)
    {
        var list = log.GetOrAdd(key, _ => []);
        lock (list)
        {
            if (list.Count == 0 || !EqualityComparer<T>.Default.Equals(list[^1], value))
            {
                list.Add(value);
            }
        }
    }
}
