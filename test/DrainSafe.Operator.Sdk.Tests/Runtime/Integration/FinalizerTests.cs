using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using DrainSafe.Sandbox.Api.Faults;
using k8s;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class FinalizerTests
{
    private const string FinalizerId = "test.drainsafe.azure.com/widgetfinalizer";

    // The runtime's log event ids (EntityReconciler, EntityControllerService).
    private const int ReconcileFailed = 2001;
    private const int FinalizeFailed = 2002;
    private const int Conflict = 2004;
    private const int FinalizersAttached = 2005;
    private const int FinalizerRemoved = 2006;
    private const int PipelineFailed = 2104;

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
            behave: b => b.Finalize = (widget, call) => call switch
            {
                1 => throw new InvalidOperationException("cleanup attempt 1 threw"),
                // The finalizer's own timeout, not the operator's shutdown: a failure like any other.
                2 => throw new OperationCanceledException("cleanup attempt 2 timed out"),
                _ => ReconciliationResult<Widget>.Success(widget),
            });

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.Contains(FinalizerId) == true, "the finalizer is attached", () => op.Diagnostics);
        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(3, op.Log.Count(WidgetCall.Finalize, "w1"));
        // Both are reported as the finalizer's failure with its message, not as a failure of the runtime's pipeline.
        var failures = op.Logs.MessagesOf(FinalizeFailed);
        Assert.Contains(failures, m => m.Contains(FinalizerId, StringComparison.Ordinal) && m.Contains("cleanup attempt 1 threw", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("cleanup attempt 2 timed out", StringComparison.Ordinal));
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
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

    [Fact]
    public async Task A_widget_that_already_carries_its_finalizer_is_never_patched()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());
        var widget = Widget.Named("w1");
        widget.Metadata.Finalizers = [FinalizerId];
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync<Widget>(widget, Widget.Group, Widget.Version, Widget.Plural);
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        await cluster.ResizeAsync("w1", "large");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 2, "w1 is reconciled after the resize", () => op.Diagnostics);

        // The only PATCH of w1 is the test's own resize.
        Assert.Equal(1, CountPatches(cluster, "w1"));
        Assert.False(op.Logs.Contains(FinalizersAttached), op.Diagnostics);
    }

    [Fact]
    public async Task The_finalizer_is_attached_with_one_patch_and_not_again_on_later_reconciles()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        await cluster.ResizeAsync("w1", "large");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 2, "w1 is reconciled after the resize", () => op.Diagnostics);

        // One PATCH attaches the finalizer, the other is the test's resize.
        Assert.Equal(2, CountPatches(cluster, "w1"));
        Assert.Equal(1, op.Logs.CountOf(FinalizersAttached));
    }

    [Fact]
    public async Task Several_finalizers_are_attached_in_one_patch_and_the_log_names_them_all()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            register: r => r.AddFinalizer<WidgetFinalizer, Widget>("example.com/first").AddFinalizer<OtherWidgetFinalizer, Widget>("example.com/second"));

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        Assert.Equal(["example.com/first", "example.com/second"], op.Log.Of(WidgetCall.Reconcile, "w1")[0].Finalizers);
        Assert.Equal(1, CountPatches(cluster, "w1"));
        Assert.Contains(op.Logs.MessagesOf(FinalizersAttached), m => m.Contains("example.com/first,example.com/second", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_conflict_while_attaching_the_finalizer_is_retried_before_the_first_reconcile()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());
        cluster.Server.Faults.FailNext(1, 409, "PATCH", "/widgets/w1");

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        Assert.Contains(FinalizerId, op.Log.Of(WidgetCall.Reconcile, "w1")[0].Finalizers);
        Assert.Equal(["409", "200"], Patches(cluster, "w1"));
        // Reported as a conflict on that write, not as a failure of the pipeline.
        Assert.Contains(op.Logs.MessagesOf(Conflict), m => m.Contains("attach finalizers", StringComparison.Ordinal));
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    [Fact]
    public async Task A_widget_gone_while_its_finalizer_is_attached_is_not_reconciled_in_that_pass()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());
        cluster.Server.Faults.FailNext(1, 404, "PATCH", "/widgets/w1");

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => Patches(cluster, "w1").Contains("404"), "attaching the finalizer meets 404", () => op.Diagnostics);
        // The widget is there after all: the next change gets it attached and reconciled.
        await cluster.ResizeAsync("w1", "large");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);

        // No reconcile ran on the version the 404 answered for: the first one already carries the finalizer.
        Assert.Contains(FinalizerId, op.Log.Of(WidgetCall.Reconcile, "w1")[0].Finalizers);
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    [Fact]
    public async Task A_conflict_while_removing_the_finalizer_is_retried_until_the_widget_is_gone()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>());
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);
        cluster.Server.Faults.FailNext(1, 409, "PATCH", "/widgets/w1");

        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(2, op.Log.Count(WidgetCall.Finalize, "w1"));
        Assert.Contains(op.Logs.MessagesOf(Conflict), m => m.Contains("remove finalizer " + FinalizerId, StringComparison.Ordinal));
        Assert.Contains(op.Logs.MessagesOf(FinalizerRemoved), m => m.Contains(FinalizerId, StringComparison.Ordinal));
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    [Fact]
    public async Task A_widget_gone_while_a_finalizer_is_removed_runs_no_further_finalizer_in_that_pass()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            register: r => r.AddFinalizer<WidgetFinalizer, Widget>("example.com/first").AddFinalizer<OtherWidgetFinalizer, Widget>("example.com/second"));
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);
        cluster.Server.Faults.ClearRequests();
        cluster.Server.Faults.FailNext(1, 404, "PATCH", "/widgets/w1");

        await cluster.DeleteAsync("w1");
        await Eventually.HoldsAsync(() => Patches(cluster, "w1").Contains("404"), "removing the first finalizer meets 404", () => op.Diagnostics);
        // The widget is there after all: the next change gets both finalizers run and removed.
        await cluster.ResizeAsync("w1", "large");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        var finalizes = op.Log.Calls.Where(c => c.Name == "w1" && c.Kind is WidgetCall.Finalize or OtherWidgetFinalizer.Call).Select(c => c.Kind).ToList();
        // The pass that met 404 ran no second finalizer; the next one ran both. (A finalizer may run once more when
        // a pass reads a cache that has not yet heard of the last removal: finalizers are idempotent.)
        Assert.Equal([WidgetCall.Finalize, WidgetCall.Finalize, OtherWidgetFinalizer.Call], finalizes.Take(3));
    }

    [Fact]
    public async Task A_finalizer_without_a_controller_is_attached_and_run_and_nothing_is_reconciled()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<WidgetFinalizer, Widget>(), withController: false);
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Metadata.Finalizers?.Contains(FinalizerId) == true, "the finalizer is attached", () => op.Diagnostics);

        await cluster.DeleteAsync("w1");

        await Eventually.HoldsAsync(async () => !await cluster.ExistsAsync("w1"), "w1 disappears", () => op.Diagnostics);
        Assert.Equal(1, op.Log.Count(WidgetCall.Finalize, "w1"));
        // With no controller the pass after attaching ends there: no reconcile is attempted, so none fails.
        Assert.False(op.Logs.Contains(ReconcileFailed), op.Diagnostics);
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    [Fact]
    public async Task A_controller_that_throws_is_reported_as_a_failed_reconcile_and_retried()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = (widget, call, _, _) => call switch
            {
                1 => throw new InvalidOperationException("reconcile attempt 1 threw"),
                // The controller's own timeout, not the operator's shutdown: a failure like any other.
                2 => throw new OperationCanceledException("reconcile attempt 2 timed out"),
                _ => Task.FromResult(ReconciliationResult<Widget>.Success(widget)),
            });

        await cluster.CreateAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 3, "w1 is reconciled until it succeeds", () => op.Diagnostics);
        var failures = op.Logs.MessagesOf(ReconcileFailed);
        Assert.Contains(failures, m => m.Contains("w1", StringComparison.Ordinal) && m.Contains("reconcile attempt 1 threw", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("reconcile attempt 2 timed out", StringComparison.Ordinal));
        Assert.False(op.Logs.Contains(PipelineFailed), op.Diagnostics);
    }

    [Fact]
    public async Task A_controller_that_throws_while_the_operator_stops_is_reported_as_a_failed_reconcile()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = async (widget, _, _, cancellationToken) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException("cleanup on stop failed");
                }

                return ReconciliationResult<Widget>.Success(widget);
            });
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1's reconcile is in flight", () => op.Diagnostics);

        await op.DisposeAsync();

        Assert.Contains(op.Logs.MessagesOf(ReconcileFailed), m => m.Contains("cleanup on stop failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_finalizer_that_throws_while_the_operator_stops_is_reported_as_a_failed_finalizer()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var op = await WidgetOperator.StartAsync(cluster, register: r => r.AddFinalizer<StopFailingWidgetFinalizer, Widget>(FinalizerId));
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 1, "w1 is reconciled", () => op.Diagnostics);
        await cluster.DeleteAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Finalize, "w1") >= 1, "w1's finalizer is in flight", () => op.Diagnostics);

        await op.DisposeAsync();

        Assert.Contains(op.Logs.MessagesOf(FinalizeFailed), m => m.Contains("cleanup on stop failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_reconcile_is_retried_and_a_successful_one_is_not()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = (widget, call, _, _) => Task.FromResult(call == 1 && widget.Metadata.Name == "w1"
                ? ReconciliationResult<Widget>.Failure(widget, "not yet")
                : ReconciliationResult<Widget>.Success(widget)));

        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 2, "the failed reconcile of w1 is retried", () => op.Diagnostics);
        // A later widget's reconcile shows the queue moved on; the success of w1 was not retried meanwhile.
        await cluster.CreateAsync("sentinel");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "sentinel") >= 1, "the sentinel is reconciled", () => op.Diagnostics);

        Assert.Equal(2, op.Log.Count(WidgetCall.Reconcile, "w1"));
        Assert.Equal(1, op.Log.Count(WidgetCall.Reconcile, "sentinel"));
        Assert.Contains(op.Logs.MessagesOf(ReconcileFailed), m => m.Contains("not yet", StringComparison.Ordinal));
    }

    private static bool IsPatchOf(RecordedRequest request, string name) =>
        request.Method == "PATCH" && request.Path.EndsWith("/widgets/" + name, StringComparison.Ordinal);

    private static int CountPatches(WidgetCluster cluster, string name) => cluster.Server.Faults.CountRequests(r => IsPatchOf(r, name));

    private static List<string> Patches(WidgetCluster cluster, string name) =>
        cluster.Server.Faults.Requests.Where(r => IsPatchOf(r, name))
            .Select(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>A finalizer that waits until the operator stops, then fails its cleanup.</summary>
    private sealed class StopFailingWidgetFinalizer(WidgetLog log) : IEntityFinalizer<Widget>
    {
        public async Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken)
        {
            log.Record(WidgetCall.Finalize, entity);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("cleanup on stop failed");
            }

            return ReconciliationResult<Widget>.Success(entity);
        }
    }

    /// <summary>A second finalizer class, for widgets with two registered finalizers.</summary>
    private sealed class OtherWidgetFinalizer(WidgetLog log) : IEntityFinalizer<Widget>
    {
        public const string Call = "FinalizeOther";

        public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken)
        {
            log.Record(Call, entity);
            return Task.FromResult(ReconciliationResult<Widget>.Success(entity));
        }
    }
}
