using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class InformerTests
{
    // Event ids the runtime logs (EntityInformer).
    private const int Relisting = 1003;
    private const int WatchFailed = 1005;

    [Fact]
    public async Task Creating_a_widget_reconciles_it()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);

        await cluster.CreateAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);
    }

    [Fact]
    public async Task Widgets_that_exist_before_the_operator_starts_are_reconciled()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.CreateAsync("early-1");
        await cluster.CreateAsync("early-2");

        await using var op = await WidgetOperator.StartAsync(cluster);

        await Eventually.HoldsAsync(
            () => op.Log.Count(WidgetCall.Reconcile, "early-1") >= 1 && op.Log.Count(WidgetCall.Reconcile, "early-2") >= 1,
            "both widgets are reconciled", () => op.Diagnostics);
    }

    [Fact]
    public async Task A_status_write_by_the_controller_does_not_trigger_another_reconcile()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings => settings.Workers = 1,
            behave: b => b.Reconcile = async (widget, _, status, ct) =>
            {
                var written = await status.UpdateStatusAsync(widget, w => { w.Status.Phase = "Ready"; w.Status.Observed = (int?)w.Metadata.Generation; }, ct);
                return ReconciliationResult<Widget>.Success(written);
            });

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Status.Phase == "Ready", "w1's status is written", () => op.Diagnostics);
        await cluster.SetStatusAsync("w1", s => s.Owner = "someone-else");

        // The watch delivers events in order and one worker takes keys in order: once w2 is reconciled,
        // any reconcile triggered by w1's status writes would already have happened.
        await cluster.CreateAsync("w2");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w2") >= 1, "the sentinel w2 is reconciled", () => op.Diagnostics);

        Assert.Equal(1, op.Log.Count(WidgetCall.Reconcile, "w1"));
    }

    [Fact]
    public async Task A_spec_change_triggers_a_reconcile_with_the_new_generation()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var created = await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        var resized = await cluster.ResizeAsync("w1", "large");

        Assert.True(resized.Metadata.Generation > created.Metadata.Generation);
        await Eventually.HoldsAsync(
            () => op.Log.Of(WidgetCall.Reconcile, "w1").Any(c => c.Generation == resized.Metadata.Generation),
            "w1 is reconciled at its new generation", () => op.Diagnostics);
    }

    [Fact]
    public async Task Changes_made_while_the_watch_is_down_are_reconciled_after_it_reconnects()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        // Keep the watch down for a few attempts while the cluster changes.
        cluster.Server.Faults.FailNext(3, 503, "GET", "watch=true");
        cluster.Server.Faults.DropAllWatches();
        var resized = await cluster.ResizeAsync("w1", "large");
        await cluster.CreateAsync("w2");

        await Eventually.HoldsAsync(
            () => op.Log.Of(WidgetCall.Reconcile, "w1").Any(c => c.Generation == resized.Metadata.Generation)
                && op.Log.Count(WidgetCall.Reconcile, "w2") >= 1,
            "the change to w1 and the new w2 are reconciled", () => op.Diagnostics);
        Assert.True(op.Logs.Contains(WatchFailed), "the watch should have failed to reconnect at least once");
    }

    [Fact]
    public async Task An_expired_watch_relists_and_reconciles_what_changed()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        // History compacted up to the change: only a relist can show it, a resumed watch gets 410 for ever.
        cluster.Server.Faults.ExpireWatchesBefore(cluster.Server.Store.CurrentResourceVersion + 1);
        cluster.Server.Faults.DropAllWatches();
        var resized = await cluster.ResizeAsync("w1", "large");

        await Eventually.HoldsAsync(() => op.Logs.Contains(Relisting), "the informer relists after 410", () => op.Diagnostics);
        await Eventually.HoldsAsync(
            () => op.Log.Of(WidgetCall.Reconcile, "w1").Any(c => c.Generation == resized.Metadata.Generation),
            "w1 is reconciled at its new generation", () => op.Diagnostics);
    }

    [Fact]
    public async Task A_widget_deleted_while_the_watch_was_down_is_reported_deleted_after_the_relist()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        await cluster.CreateAsync("w1");
        await cluster.CreateAsync("w2");
        await Eventually.HoldsAsync(
            () => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1 && op.Log.Count(WidgetCall.Reconcile, "w2") >= 1,
            "both widgets are reconciled", () => op.Diagnostics);

        // History compacted up to the deletion: every resumed watch is refused with 410, so only the relist's diff can tell.
        cluster.Server.Faults.ExpireWatchesBefore(cluster.Server.Store.CurrentResourceVersion + 1);
        cluster.Server.Faults.DropAllWatches();
        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Deleted, "w1") == 1, "DeletedAsync is called for w1", () => op.Diagnostics);
        Assert.True(op.Logs.Contains(Relisting), "the deletion should have been found by a relist");
        Assert.Equal(0, op.Log.Count(WidgetCall.Deleted, "w2"));
    }

    [Fact]
    public async Task A_widget_deleted_while_watched_is_reported_deleted_once()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        await cluster.DeleteAsync("w1");
        await cluster.CreateAsync("sentinel");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "sentinel") >= 1, "the sentinel is reconciled", () => op.Diagnostics);

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Deleted, "w1") >= 1, "DeletedAsync is called for w1", () => op.Diagnostics);
        Assert.Equal(1, op.Log.Count(WidgetCall.Deleted, "w1"));
    }
}
