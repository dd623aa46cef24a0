using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Queue;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>
/// Runs one entity type while this instance leads: an informer feeding a work queue (filtered by
/// <see cref="ReconcileTrigger"/>) and N workers running the <see cref="EntityReconciler{TEntity}"/>.
/// When leadership ends everything stops at once; a new term starts from a fresh list.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed partial class EntityControllerService<TEntity> : BackgroundService
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes kubernetes;
    private readonly OperatorSettings settings;
    private readonly ILeadership leadership;
    private readonly IServiceProvider services;
    private readonly IServiceScopeFactory scopes;
    private readonly ISharedInformer<TEntity> informer;
    private readonly IReadOnlyList<FinalizerRegistration<TEntity>> finalizers;
    private readonly IReadOnlyList<SecondaryWatch<TEntity>> secondaryWatches;
    private readonly EntityRequeue<TEntity> requeue;
    private readonly Func<EntityChange<TEntity>, bool> shouldReconcile;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<EntityControllerService<TEntity>> logger;

    /// <summary>Creates the service.</summary>
    /// <param name="kubernetes">The Kubernetes client.</param>
    /// <param name="settings">Workers, informer and retry settings.</param>
    /// <param name="leadership">The gate.</param>
    /// <param name="services">Where secondary watches find their informers and controllers their scopes.</param>
    /// <param name="informer">The shared informer of the type, whose cache the reconciler reads.</param>
    /// <param name="finalizers">The finalizers registered for the type.</param>
    /// <param name="secondaryWatches">Changes of other types that enqueue keys of this type.</param>
    /// <param name="requeue">The handle others use to enqueue keys; bound to the queue of each term.</param>
    /// <param name="filter">Replaces <see cref="ReconcileTrigger"/> when registered.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where the pipeline reports.</param>
    public EntityControllerService(
        IKubernetes kubernetes,
        IOptions<OperatorSettings> settings,
        ILeadership leadership,
        IServiceProvider services,
        ISharedInformer<TEntity> informer,
        IEnumerable<FinalizerRegistration<TEntity>> finalizers,
        IEnumerable<SecondaryWatch<TEntity>> secondaryWatches,
        EntityRequeue<TEntity> requeue,
        IEnumerable<EventFilter<TEntity>> filter,
        TimeProvider timeProvider,
        ILogger<EntityControllerService<TEntity>> logger)
    {
        ArgumentNullException.ThrowIfNull(finalizers);
        ArgumentNullException.ThrowIfNull(secondaryWatches);
        ArgumentNullException.ThrowIfNull(filter);
        this.kubernetes = kubernetes;
        this.settings = settings.Value;
        this.leadership = leadership;
        this.services = services;
        scopes = services.GetRequiredService<IServiceScopeFactory>();
        this.informer = informer;
        this.finalizers = finalizers.ToList();
        this.secondaryWatches = secondaryWatches.ToList();
        this.requeue = requeue;
        shouldReconcile = filter.LastOrDefault()?.ShouldReconcile ?? ReconcileTrigger.ShouldReconcile;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resource = EntityDefinition.For<TEntity>().QualifiedPlural;
        await leadership.RunEachTermAsync(term => ReconcileForTermAsync(resource, term), stoppingToken).ConfigureAwait(false);
    }

    private async Task ReconcileForTermAsync(string resource, CancellationToken term)
    {
        LogStarting(logger, resource, settings.Workers);
        try
        {
            await RunTermAsync(term).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // The term ended or the service stopped; the loop waits for the next term.
            LogStopped(logger, resource);
            throw;
        }
    }

    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        var client = new EntityClient<TEntity>(kubernetes);
        var reconciler = new EntityReconciler<TEntity>(scopes, client, finalizers, logger);
        using var queue = new WorkQueue<string>(timeProvider, settings.Retry);
        using var stopQueue = cancellationToken.Register(queue.ShutDown);
        using var bound = requeue.Bind(queue);

        void OnChange(EntityChange<TEntity> change)
        {
            var key = EntityKey.Of(change.Current);
            reconciler.CacheChanged(key, change.Current);
            if (change.Type == EntityChangeType.Deleted)
            {
                reconciler.RecordDeletion(key, change.Current);
            }

            if (shouldReconcile(change))
            {
                queue.Add(key);
            }
        }

        // The shared informer replays its cache on subscription, so keys listed before this term's queue existed are not lost.
        using var own = informer.Subscribe(OnChange);
        var others = secondaryWatches.Select(w => w.Subscribe(services, queue.Add)).ToList();
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            var work = Enumerable.Range(0, settings.Workers)
                .Select(_ => WorkAsync(queue, reconciler, informer.Cache, cancellationToken));
            await Task.WhenAll(work).ConfigureAwait(false);
        }
        finally
        {
            foreach (var subscription in others)
            {
                subscription.Dispose();
            }
        }
    }

    private async Task WorkAsync(
        WorkQueue<string> queue, EntityReconciler<TEntity> reconciler, IEntityCache<TEntity> cache, CancellationToken cancellationToken)
    {
        // Leave the caller's synchronous part at once so that workers run in parallel.
        await Task.Yield();
        while (true)
        {
            var key = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var outcome = await reconciler.ReconcileAsync(key, cache, cancellationToken).ConfigureAwait(false);
                if (outcome.Succeeded)
                {
                    queue.Forget(key);
                    if (outcome.After is { } after)
                    {
                        queue.AddAfter(key, after);
                    }
                }
                else if (outcome.After is { } retryAfter)
                {
                    queue.AddAfter(key, retryAfter);
                }
                else
                {
                    var delay = queue.AddRateLimited(key);
                    LogRetrying(logger, key, delay, queue.Requeues(key));
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = queue.AddRateLimited(key);
                LogPipelineFailed(logger, e, key, delay);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The term ended while this reconcile ran, and what it was doing failed because of that (an aborted
                // request throws HttpRequestException, not a cancellation). It is not a failure to retry in a term that
                // no longer runs: the next term reconciles every key again from a fresh list.
                throw new OperationCanceledException($"The reconcile of {key} was abandoned: the term ended.", e, cancellationToken);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Watching and reconciling {Resource} with {Workers} workers")]
    private static partial void LogStarting(ILogger logger, string resource, int workers);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Stopped reconciling {Resource}")]
    private static partial void LogStopped(ILogger logger, string resource);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Retrying {Key} in {Delay} (failure {Failures})")]
    private static partial void LogRetrying(ILogger logger, string key, TimeSpan delay, int failures);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "The reconcile pipeline failed for {Key}; retrying in {Delay}")]
    private static partial void LogPipelineFailed(ILogger logger, Exception exception, string key, TimeSpan delay);
}
