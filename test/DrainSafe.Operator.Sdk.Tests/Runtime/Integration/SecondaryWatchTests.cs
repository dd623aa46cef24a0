using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary><c>Watches</c> (a change of another type mapped to keys) and <c>WithEventFilter</c> (which own changes reconcile).</summary>
[Collection(RuntimeSandboxCollection.Name)]
public sealed class SecondaryWatchTests
{
    [Fact]
    public async Task A_Node_change_enqueues_the_keys_its_mapper_returns_and_a_mapper_returning_none_enqueues_nothing()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.Client.CreateNodeAsync("node-a");
        await cluster.Client.CreateNodeAsync("node-b");
        await cluster.CreateAsync("watches-node-a");
        await cluster.CreateAsync("watches-node-b");
        // Only node-a's changes map to a widget; node-b's map to none.
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings => settings.Workers = 1,
            runtime => runtime.Watches<Widget, V1Node>(change => change.Current.Metadata.Name == "node-a" ? ["watches-node-a"] : []));
        await Eventually.HoldsAsync(
            () => op.Log.Count(WidgetCall.Reconcile, "watches-node-a") >= 1 && op.Log.Count(WidgetCall.Reconcile, "watches-node-b") >= 1,
            "both widgets are reconciled once at start", () => op.Diagnostics);
        await Eventually.HoldsAsync(() => op.Get<DrainSafe.Operator.Sdk.Watch.ISharedInformer<V1Node>>().HasSynced, "the node informer has synced");
        var reconciledA = op.Log.Count(WidgetCall.Reconcile, "watches-node-a");
        var reconciledB = op.Log.Count(WidgetCall.Reconcile, "watches-node-b");

        await cluster.Client.LabelNodeAsync("node-b", "zone", "2");
        await cluster.Client.LabelNodeAsync("node-a", "zone", "1");

        // One worker, keys in order: had node-b's change enqueued anything, it would be reconciled before node-a's widget.
        await Eventually.HoldsAsync(
            () => op.Log.Count(WidgetCall.Reconcile, "watches-node-a") > reconciledA, "node-a's change reconciles its widget", () => op.Diagnostics);
        Assert.Equal(reconciledB, op.Log.Count(WidgetCall.Reconcile, "watches-node-b"));
    }

    [Fact]
    public async Task An_event_filter_replaces_the_default_one_for_the_controllers_own_changes()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        // The default filter ignores status changes; this one reconciles a widget only once its status names an owner.
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings => settings.Workers = 1,
            runtime => runtime.WithEventFilter<Widget>(change => change.Current.Status?.Owner == "me"));

        await cluster.CreateAsync("unowned");
        await cluster.CreateAsync("owned");
        await cluster.SetStatusAsync("owned", s => s.Owner = "me");
        await cluster.ResizeAsync("unowned", "large");
        await cluster.SetStatusAsync("owned", s => s.Phase = "sentinel");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "owned") >= 2, "both status changes of the owned widget reconcile it", () => op.Diagnostics);
        Assert.Equal(0, op.Log.Count(WidgetCall.Reconcile, "unowned"));
    }
}
