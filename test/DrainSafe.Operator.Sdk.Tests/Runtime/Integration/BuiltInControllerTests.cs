using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>
/// The runtime's acceptance line: a controller reconciles a custom resource from shared informers of Nodes and of pods
/// selected by a field selector, is enqueued by a Node change through a secondary watch, and gets and patches a
/// cluster-scoped built-in object (the Node).
/// </summary>
[Collection(RuntimeSandboxCollection.Name)]
public sealed class BuiltInControllerTests
{
    private const string PodCountLabel = "test.drainsafe.azure.com/pods";

    // Widget "node-a" watches node "node-a": it counts the node's pods from the pod informer, reads the node from the
    // node informer, labels the node through the runtime's client, and writes what it saw into its status.
    private static async Task<ReconciliationResult<Widget>> ReconcileNodeWidget(
        Widget widget, IServiceProvider services, IEntityStatusWriter<Widget> status, CancellationToken cancellationToken)
    {
        var nodes = services.GetRequiredService<ISharedInformer<V1Node>>();
        var pods = services.GetRequiredService<ISharedInformer<V1Pod>>();
        var name = widget.Metadata.Name;
        if (!nodes.Cache.TryGet(name, out var cached))
        {
            return ReconciliationResult<Widget>.Success(widget, TimeSpan.FromMilliseconds(200));
        }

        var podCount = pods.Cache.Snapshot().Count(p => p.Spec?.NodeName == name);
        var client = new EntityClient<V1Node>(services.GetRequiredService<IKubernetes>());
        var node = await client.GetAsync(null, name, cancellationToken) ?? throw new InvalidOperationException($"node {name} is gone");
        string? labelled = null;
        if (node.Metadata.Labels?.TryGetValue(PodCountLabel, out labelled) != true
            || labelled != podCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            var patch = new V1Patch(new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [PodCountLabel] = podCount.ToString(System.Globalization.CultureInfo.InvariantCulture) } } }.ToJsonString(), V1Patch.PatchType.MergePatch);
            await client.PatchAsync(null, name, patch, cancellationToken);
        }

        var phase = $"pods={podCount} unschedulable={(cached.Spec?.Unschedulable ?? false ? "yes" : "no")}";
        var written = await status.UpdateStatusAsync(widget, w => w.Status.Phase = phase, cancellationToken);
        return ReconciliationResult<Widget>.Success(written);
    }

    [Fact]
    public async Task A_controller_reads_shared_Node_and_selected_pod_informers_is_enqueued_by_a_Node_change_and_patches_the_Node()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.Client.CreateNodeAsync("node-a");
        await cluster.Client.CreateNodeAsync("node-b");
        await cluster.Client.CreatePodAsync("a-1", "node-a");
        await cluster.Client.CreatePodAsync("a-2", "node-a");
        await cluster.Client.CreatePodAsync("b-1", "node-b");
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            register: runtime => runtime
                .AddInformer<V1Node>()
                .AddInformer<V1Pod>(EntitySelector.Field("spec.nodeName", "node-a"))
                .Watches<Widget, V1Node>(change => [change.Current.Metadata.Name]),
            behave: b => b.Reconcile = (widget, _, status, ct) => ReconcileNodeWidget(widget, b.Services!, status, ct));

        await cluster.CreateAsync("node-a");

        await Eventually.HoldsAsync(
            async () => (await cluster.GetAsync("node-a")).Status.Phase == "pods=2 unschedulable=no",
            "the widget sees node-a's two pods and node-a schedulable", () => op.Diagnostics);
        var labelled = await cluster.Client.CoreV1.ReadNodeAsync("node-a");
        Assert.Equal("2", labelled.Metadata.Labels[PodCountLabel]);
        // The pod informer holds only the pods the field selector chose.
        var pods = op.Get<ISharedInformer<V1Pod>>().Cache.Snapshot();
        Assert.Equal(["a-1", "a-2"], pods.Select(p => p.Metadata.Name).Order());

        // The widget's spec does not change: only the secondary watch of Nodes can make it reconcile again.
        await cluster.Client.CordonAsync("node-a");

        await Eventually.HoldsAsync(
            async () => (await cluster.GetAsync("node-a")).Status.Phase == "pods=2 unschedulable=yes",
            "the cordon of node-a reconciles its widget", () => op.Diagnostics);
    }
}
