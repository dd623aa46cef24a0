using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>What the test controller and finalizer do; each test sets what it needs. The int is the call number for that widget.</summary>
internal sealed class WidgetBehaviour
{
    public Func<Widget, int, IEntityStatusWriter<Widget>, CancellationToken, Task<ReconciliationResult<Widget>>> Reconcile { get; set; } =
        (widget, _, _, _) => Task.FromResult(ReconciliationResult<Widget>.Success(widget));

    public Func<Widget, int, Task> Deleted { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>The operator's services, set before the host starts, for behaviours that read shared informers or clients.</summary>
    public IServiceProvider? Services { get; set; }

    public Func<Widget, int, ReconciliationResult<Widget>> Finalize { get; set; } =
        (widget, _) => ReconciliationResult<Widget>.Success(widget);
}
