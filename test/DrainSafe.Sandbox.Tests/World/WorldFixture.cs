using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Tests.Kubectl;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.World;

/// <summary>
/// A simulated cluster per test with short, scaled times; a KubernetesClient and kubectl against it; helpers to
/// create objects and read pods and nodes as a user would see them.
/// </summary>
internal sealed class WorldFixture : IAsyncDisposable
{
    public const string Pool = "pool1";

    private WorldFixture(SimulatedCluster cluster, string directory)
    {
        Cluster = cluster;
        Directory = directory;
        Kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        Client = cluster.Server.CreateClient();
        Kubectl = new KubectlRunner(Kubeconfig, directory);
    }

    public SimulatedCluster Cluster { get; }

    public ObjectStore Store => Cluster.Store;

    public string Directory { get; }

    public string Kubeconfig { get; }

    public Kubernetes Client { get; }

    public KubectlRunner Kubectl { get; }

    public static async Task<WorldFixture> StartAsync(int nodes = 3, int maxPods = 30, WorldOptions? world = null, double graceScale = 0.01)
    {
        var directory = Path.Combine(Path.GetTempPath(), "drainsafe-world-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            World = world ?? new WorldOptions { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = graceScale },
            Imds = new() { RequestsPerWindow = 0 },
        });
        cluster.AddNodePool(Pool, nodes, maxPods);

        // The scheduler must know every node before a test creates workloads, or the first nodes get crowded.
        await Eventually.HoldsAsync(() => cluster.World.ObserveAsync(s => s.Nodes.Count == nodes), $"the world sees {nodes} nodes");
        return new WorldFixture(cluster, directory);
    }

    public static string Node(int index) => SandboxNames(index).Node;

    public static string Vm(int index) => SandboxNames(index).Vm;

    public StoredObject Create(ResourceType resource, JsonObject manifest) => Store.Create(resource, manifest);

    public void EnsureNamespace(string name)
    {
        if (Store.Get(BuiltInResources.Namespaces, null, name) is null)
        {
            Store.Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
    }

    public List<V1Pod> Pods(string @namespace, string? app = null) => Store
        .List(BuiltInResources.Pods, new ListOptions { Namespace = @namespace, LabelSelector = app is null ? null : "app=" + app })
        .Items.Select(p => p.Deserialize<V1Pod>()).ToList();

    public List<V1Pod> PodsOn(string node) => Store
        .List(BuiltInResources.Pods, new ListOptions { FieldSelector = "spec.nodeName=" + node })
        .Items.Select(p => p.Deserialize<V1Pod>()).ToList();

    public V1Node? NodeObject(string name) => Store.Get(BuiltInResources.Nodes, null, name)?.Deserialize<V1Node>();

    public V1PodDisruptionBudget Pdb(string @namespace, string name) =>
        Store.Get(BuiltInResources.PodDisruptionBudgets, @namespace, name)!.Deserialize<V1PodDisruptionBudget>();

    /// <summary>Records every version of one object from now on.</summary>
    public StatusRecorder<T> RecordStatuses<T>(ResourceType resource, string? @namespace, string name) =>
        new(Store.Watch(resource, new WatchOptions { Namespace = @namespace, FieldSelector = "metadata.name=" + name }));

    public static bool IsRunningAndReady(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase == "Running"
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public Task AllRunningAsync(string @namespace, string app, int count) => Eventually.HoldsAsync(
        () => Pods(@namespace, app).Count(IsRunningAndReady) == count && Pods(@namespace, app).Count == count,
        $"{count} pods of {@namespace}/{app} are Running and Ready",
        () => $"now: {Describe(@namespace, app)}");

    public string Describe(string @namespace, string app) => string.Join(", ", Pods(@namespace, app)
        .Select(p => $"{p.Metadata.Name}@{p.Spec.NodeName ?? "-"}:{p.Status?.Phase}{(p.Metadata.DeletionTimestamp is null ? "" : "(terminating)")}"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still exiting may hold a file; the system cleans temp later.
        }
    }

    private static (string Node, string Vm) SandboxNames(int index) =>
        (Sandbox.Scenarios.SandboxNames.NodeName(Pool, index), Sandbox.Scenarios.SandboxNames.VmName(Pool, index));
}
