using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class RequeueTests
{
    [Fact]
    public async Task Success_with_requeueAfter_reconciles_again_without_any_change()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = (widget, _, _, _) =>
                Task.FromResult(ReconciliationResult<Widget>.Success(widget, TimeSpan.FromMilliseconds(100))));

        await cluster.CreateAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 4, "w1 is reconciled again and again", () => op.Diagnostics);
        Assert.Equal(0, op.Log.Overlaps);
    }

    [Fact]
    public async Task Failures_and_exceptions_are_retried_with_growing_backoff_until_they_succeed()
    {
        const int failures = 8;
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings =>
            {
                settings.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                settings.Retry.MaxDelay = TimeSpan.FromMinutes(1);
                settings.Retry.JitterFraction = 0.2;
            },
            behave: b => b.Reconcile = (widget, call, _, _) => call switch
            {
                <= failures when call % 2 == 1 => throw new InvalidOperationException($"attempt {call} throws"),
                <= failures => Task.FromResult(ReconciliationResult<Widget>.Failure(widget, $"attempt {call} fails")),
                _ => Task.FromResult(ReconciliationResult<Widget>.Success(widget)),
            });

        await cluster.CreateAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= failures + 1, "w1 succeeds after its failures", () => op.Diagnostics);
        var calls = op.Log.Of(WidgetCall.Reconcile, "w1");
        // Backoff 10, 20, ... 1280 ms, each at least 80% of nominal: the retries cannot have come sooner than this.
        var minimum = TimeSpan.FromMilliseconds(Enumerable.Range(0, failures).Sum(i => 10 * Math.Pow(2, i)) * 0.8);
        Assert.True(calls[failures].At - calls[0].At >= minimum, $"retries came too soon: {calls[failures].At - calls[0].At} < {minimum}");
        var lastGap = calls[failures].At - calls[failures - 1].At;
        Assert.True(lastGap >= TimeSpan.FromMilliseconds(1280 * 0.8), $"the last retry waited only {lastGap}");
    }

    [Fact]
    public async Task A_failure_with_requeueAfter_is_retried_after_that_delay()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = (widget, call, _, _) => Task.FromResult(call < 3
                ? ReconciliationResult<Widget>.Failure(widget, "not yet", requeueAfter: TimeSpan.FromMilliseconds(300))
                : ReconciliationResult<Widget>.Success(widget)));

        await cluster.CreateAsync("w1");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= 3, "w1 is retried twice", () => op.Diagnostics);
        var calls = op.Log.Of(WidgetCall.Reconcile, "w1");
        Assert.True(calls[2].At - calls[0].At >= TimeSpan.FromMilliseconds(600), "the explicit retry delay was not honoured");
    }

    [Fact]
    public async Task Many_widgets_are_reconciled_by_several_workers_but_never_one_widget_twice_at_once()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var names = Enumerable.Range(0, 6).Select(i => $"w{i}").ToList();
        foreach (var name in names)
        {
            await cluster.CreateAsync(name);
        }

        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings => settings.Workers = 4,
            behave: b => b.Reconcile = async (widget, call, _, cancellationToken) =>
            {
                if (call < 4)
                {
                    // The widget changes while its reconcile runs, so its key arrives while a worker holds it;
                    // the reconcile then works on for a while, as a real one talking to the API server does.
                    await cluster.ResizeAsync(widget.Metadata.Name, $"size-{call}");
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
                }

                return ReconciliationResult<Widget>.Success(widget);
            });

        await Eventually.HoldsAsync(() => names.All(n => op.Log.Count(WidgetCall.Reconcile, n) >= 4), "every widget is reconciled after each change", () => op.Diagnostics);
        Assert.Equal(0, op.Log.Overlaps);
    }

    [Fact]
    public async Task A_success_resets_the_backoff_so_the_next_failure_is_retried_after_the_base_delay()
    {
        const int failures = 8;
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            settings =>
            {
                settings.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                settings.Retry.MaxDelay = TimeSpan.FromMinutes(1);
                settings.Retry.JitterFraction = 0.2;
            },
            behave: b => b.Reconcile = (widget, call, _, _) => Task.FromResult(call <= failures || call == failures + 2
                ? ReconciliationResult<Widget>.Failure(widget, $"attempt {call} fails")
                : ReconciliationResult<Widget>.Success(widget)));
        await cluster.CreateAsync("w1");
        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") == failures + 1, "w1 succeeds after its failures", () => op.Diagnostics);

        await cluster.ResizeAsync("w1", "large");

        await Eventually.HoldsAsync(() => op.Log.Count(WidgetCall.Reconcile, "w1") >= failures + 3, "the failure after the success is retried", () => op.Diagnostics);
        var calls = op.Log.Of(WidgetCall.Reconcile, "w1");
        var retryGap = calls[failures + 2].At - calls[failures + 1].At;
        // Without the reset the retry would wait 2^8 x 10 ms (at least 2 s with jitter).
        Assert.True(retryGap < TimeSpan.FromSeconds(1), $"the retry after a success waited {retryGap}, as if the earlier failures still counted");
    }
}
