using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Observability;
using DrainSafe.Operator.Options;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>
/// Before a NodeMaintenance goes away, gives its node back: stops the drain, and uncordons and untaints the node only
/// where DrainSafe did it. A node that is already gone (its NodeMaintenance is being garbage-collected with it) needs
/// nothing, so the finalizer completes at once instead of failing in a loop.
/// </summary>
public sealed class NodeMaintenanceFinalizer : IEntityFinalizer<NodeMaintenance>
{
    private readonly NodeCordoner cordoner;
    private readonly DrainCoordinator drains;
    private readonly EventPublisher events;
    private readonly DrainSafeOptions options;

    /// <summary>Creates the finalizer.</summary>
    public NodeMaintenanceFinalizer(NodeCordoner cordoner, DrainCoordinator drains, EventPublisher events, IOptions<DrainSafeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.cordoner = cordoner;
        this.drains = drains;
        this.events = events;
        this.options = options.Value;
    }

    /// <inheritdoc />
    public async Task<ReconciliationResult<NodeMaintenance>> FinalizeAsync(NodeMaintenance entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await drains.StopAsync(entity.Metadata.Name).ConfigureAwait(false);
        if (options.DryRun)
        {
            return ReconciliationResult<NodeMaintenance>.Success(entity);
        }

        var (node, uncordoned) = await cordoner.UncordonAsync(entity.Metadata.Name, cancellationToken).ConfigureAwait(false);
        if (node is not null)
        {
            await cordoner.AnnotateStateAsync(entity.Metadata.Name, MaintenanceState.NodeUncordoned, null, cancellationToken).ConfigureAwait(false);
            if (uncordoned)
            {
                await events(entity, Reasons.Uncordoned, "The NodeMaintenance is being deleted; DrainSafe gave the node back (uncordoned).", EventType.Normal, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        return ReconciliationResult<NodeMaintenance>.Success(entity);
    }
}
