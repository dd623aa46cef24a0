using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

internal sealed class WidgetController(WidgetLog log, WidgetBehaviour behaviour, IEntityStatusWriter<Widget> status) : IEntityController<Widget>
{
    public async Task<ReconciliationResult<Widget>> ReconcileAsync(Widget entity, CancellationToken cancellationToken)
    {
        using var _ = log.Enter(entity.Metadata.Name);
        var call = log.Record(WidgetCall.Reconcile, entity);
        // Yield so that an overlapping call, if the runtime allowed one, would be caught in flight.
        await Task.Yield();
        return await behaviour.Reconcile(entity, call, status, cancellationToken);
    }

    public Task DeletedAsync(Widget entity, CancellationToken cancellationToken) =>
        behaviour.Deleted(entity, log.Record(WidgetCall.Deleted, entity));
}
