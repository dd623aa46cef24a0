using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

internal sealed class WidgetFinalizer(WidgetLog log, WidgetBehaviour behaviour) : IEntityFinalizer<Widget>
{
    public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken)
    {
        var call = log.Record(WidgetCall.Finalize, entity);
        return Task.FromResult(behaviour.Finalize(entity, call));
    }
}
