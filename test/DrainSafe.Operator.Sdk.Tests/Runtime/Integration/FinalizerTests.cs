using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class FinalizerTests
{
    private const string FinalizerId = "test.drainsafe.azure.com/widgetfinalizer";

    [Fact]
    public async Task The_finalizer_is_attached_before_the_first_reconcile_and_removed_after_it_succeeds()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        Assert.Contains(FinalizerId, op.Log.Of(WidgetCall.Reconcile, "w1")[0].Finalizers);
        Assert.Contains(FinalizerId, (await cluster.GetAsync("w1")).Metadata.Finalizers);

        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(1, op.Log.Count(WidgetCall.Finalize, "w1"));
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Deleted, "w1") == 1, "DeletedAsync is called for w1", () => op.Diagnostics);
        Assert.True(op.Log.Calls.ToList().FindIndex(c => c.Kind == WidgetCall.Finalize) < op.Log.Calls.ToList().FindIndex(c => c.Kind == WidgetCall.Deleted));
    }

    [Fact]
    public async Task A_failing_finalizer_keeps_the_widget_until_it_succeeds()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            register: r => r.AddFinalizer<WidgetFinalizer, Widget>(),
            behave: b => b.Finalize = (widget, call) => call < 3
                ? ReconciliationResult<Widget>.Failure(widget, $"cleanup attempt {call} failed")
                : ReconciliationResult<Widget>.Success(widget));

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.Contains(FinalizerId) == true, "the finalizer is attached", () => op.Diagnostics);
        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(3, op.Log.Count(WidgetCall.Finalize, "w1"));
    }

    [Fact]
    public async Task A_finalizer_that_throws_keeps_the_widget_until_it_succeeds()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            register: r => r.AddFinalizer<WidgetFinalizer, Widget>(),
            behave: b => b.Finalize = (widget, call) => call < 3
                ? throw new InvalidOperationException($"cleanup attempt {call} threw")
                : ReconciliationResult<Widget>.Success(widget));

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.Contains(FinalizerId) == true, "the finalizer is attached", () => op.Diagnostics);
        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(3, op.Log.Count(WidgetCall.Finalize, "w1"));
    }

    [Fact]
    public async Task A_DeletedAsync_that_throws_is_retried_until_it_succeeds()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Deleted = (_, call) => call < 3
                ? throw new InvalidOperationException($"deletion handling {call} threw")
                : Task.CompletedTask);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Deleted, "w1") == 3, "DeletedAsync is called again until it succeeds", () => op.Diagnostics);
        // Once it succeeded the deletion is reported no more: a later widget's reconcile shows the queue moved on.
        await cluster.CreateAsync("sentinel");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "sentinel") >= 1, "the sentinel is reconciled", () => op.Diagnostics);
        Assert.Equal(3, op.Log.Count(WidgetCall.Deleted, "w1"));
    }

    [Fact]
    public async Task Only_the_registered_finalizer_is_removed_and_a_foreign_one_keeps_the_widget()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>("example.com/custom"));
        var widget = Widget.Named("w1");
        widget.Metadata.Finalizers = ["someone.else/keep"];
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync<Widget>(widget, Widget.Group, Widget.Version, Widget.Plural);
        await Eventually.HoldsAsync(
            async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.SequenceEqual(["someone.else/keep", "example.com/custom"]) == true,
            "the custom finalizer is attached after the foreign one", () => op.Diagnostics);

        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(
            async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.SequenceEqual(["someone.else/keep"]) == true,
            "only the custom finalizer is removed", () => op.Diagnostics);
        Assert.Equal(1, op.Log.Count(WidgetCall.Finalize, "w1"));
        Assert.Equal(0, op.Log.Count(WidgetCall.Deleted, "w1"));
    }
}
