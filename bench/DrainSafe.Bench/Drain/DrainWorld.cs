using System.Text.Json.Nodes;
using DrainSafe.Bench.Measurement;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Scenarios;
using DrainSafe.Sandbox.Scenarios.Playback;
using DrainSafe.Sandbox.World;
using k8s.Models;

namespace DrainSafe.Bench.Drain;

/// <summary>
/// A fresh simulated cluster whose first node runs 110 pods (the kubelet's default maxPods) of several Deployments,
/// with room for all of them on the other nodes: the other nodes are cordoned while the pods are placed, then uncordoned.
/// </summary>
internal sealed class DrainWorld : IAsyncDisposable
{
    public const string Pool = "pool";
    public const string Namespace = "bench";
    public const int MaxPods = 110;
    public const int OtherNodes = 3;

    /// <summary>Replicas of each Deployment (110 in all); the last, smallest one carries the PDB in the PDB variant.</summary>
    public static readonly IReadOnlyList<int> Replicas = [30, 30, 20, 15, 10, 5];

    /// <summary>The grace period scale: the Deployments' 30 s grace periods take 300 ms.</summary>
    public const double GracePeriodScale = 0.01;

    private DrainWorld(SimulatedCluster cluster) => Cluster = cluster;

    public SimulatedCluster Cluster { get; }

    public static string Node => SandboxNames.NodeName(Pool, 0);

    public static string Vm => SandboxNames.VmName(Pool, 0);

    public static string Deployment(int index) => $"app-{(char)('a' + index)}";

    public static string PdbDeployment => Deployment(Replicas.Count - 1);

    public static async Task<DrainWorld> StartAsync(bool withPdb)
    {
        var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            World = new WorldOptions { GracePeriodScale = GracePeriodScale },
        });
        var world = new DrainWorld(cluster);
        try
        {
            await world.PlaceAsync(withPdb);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<V1Pod> PodsOnNode() =>
        Cluster.Store.List<V1Pod>(Namespace, fieldSelector: "spec.nodeName=" + Node);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private async Task PlaceAsync(bool withPdb)
    {
        var store = Cluster.Store;
        CustomResourceDefinitionFile.Install(store, CustomResourceDefinitionFile.Locate()
            ?? throw new InvalidOperationException($"{CustomResourceDefinitionFile.RelativePath} not found: run from the repository."));
        store.Create(BuiltInResources.Namespaces, WorkloadManifests.Namespace(Namespace));
        Cluster.AddNodePool(Pool, OtherNodes + 1, MaxPods);
        await Poll.UntilAsync(() => store.List<V1Node>().Count == OtherNodes + 1, TimeSpan.FromSeconds(30), "the nodes exist");
        var others = Enumerable.Range(1, OtherNodes).Select(i => SandboxNames.NodeName(Pool, i)).ToList();
        foreach (var other in others)
        {
            SetUnschedulable(other, true);
        }

        for (var d = 0; d < Replicas.Count; d++)
        {
            store.Create(BuiltInResources.Deployments, WorkloadManifests.Deployment(Namespace, Deployment(d), Replicas[d]));
        }

        var total = Replicas.Sum();
        await Poll.UntilAsync(() => PodsOnNode().Count(IsRunning) == total, TimeSpan.FromSeconds(60), $"{total} running pods on {Node}",
            () => $"{PodsOnNode().Count(IsRunning)} running");
        foreach (var other in others)
        {
            SetUnschedulable(other, false);
        }

        if (withPdb)
        {
            store.Create(BuiltInResources.PodDisruptionBudgets, WorkloadManifests.Pdb(Namespace, PdbDeployment + "-pdb", PdbDeployment, null, "1"));
            await Poll.UntilAsync(() => store.Get<V1PodDisruptionBudget>(Namespace, PdbDeployment + "-pdb")?.Status?.DisruptionsAllowed == 1,
                TimeSpan.FromSeconds(30), "the PDB allows one disruption");
        }

        await Poll.UntilAsync(() => others.All(o => store.Get<V1Node>(null, o)?.Spec?.Unschedulable != true), TimeSpan.FromSeconds(30), "the other nodes are schedulable");
    }

    private void SetUnschedulable(string node, bool unschedulable) =>
        Cluster.Store.Patch<V1Node>(null, node, V1Patch.PatchType.MergePatch,
            new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable } }.ToJsonString());

    public static bool IsRunning(V1Pod pod) => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null;
}
