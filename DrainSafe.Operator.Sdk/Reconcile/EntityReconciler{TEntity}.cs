using System.Collections.Concurrent;
using System.Net;
using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>
/// One pass of the reconcile pipeline for one key, reading the object from the informer's cache:
/// report a deletion (DeletedAsync) when the object is gone; while the object lives, attach the
/// registered finalizers before the first ReconcileAsync; once deletion started, run each registered
/// finalizer still present and detach it when it succeeds. Controller and finalizers are resolved
/// from a fresh DI scope per pass.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed partial class EntityReconciler<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IServiceScopeFactory scopes;
    private readonly EntityClient<TEntity> client;
    private readonly IReadOnlyList<FinalizerRegistration<TEntity>> finalizers;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, TEntity> tombstones = new(StringComparer.Ordinal);

    // Per key: the copy the controller's last write returned, and the cached version it superseded. While the cache
    // still holds that version (its watch is down or behind), a pass starts from the newer copy instead: deciding from
    // the outdated one would only earn a 409 and a GET. Once the cache holds any other version, the cache wins again.
    private readonly ConcurrentDictionary<string, (string Superseded, TEntity Newer)> newer = new(StringComparer.Ordinal);

    /// <summary>Creates the pipeline.</summary>
    /// <param name="scopes">Creates the DI scope for each pass.</param>
    /// <param name="client">Finalizer patches.</param>
    /// <param name="finalizers">The finalizers registered for the type, in registration order.</param>
    /// <param name="logger">Where failures are reported.</param>
    public EntityReconciler(
        IServiceScopeFactory scopes,
        EntityClient<TEntity> client,
        IEnumerable<FinalizerRegistration<TEntity>> finalizers,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(finalizers);
        ArgumentNullException.ThrowIfNull(logger);
        this.scopes = scopes;
        this.client = client;
        this.finalizers = finalizers.ToList();
        this.logger = logger;
    }

    /// <summary>How many newer copies than the cache's are remembered (each until the cache moves on): for diagnostics.</summary>
    public int RememberedCopies => newer.Count;

    /// <summary>
    /// Tells the pipeline the cache now holds <paramref name="current"/> under <paramref name="key"/>. A copy remembered
    /// from the controller's last write is forgotten once the cache holds another version than the one it superseded.
    /// </summary>
    /// <param name="key">The object's key.</param>
    /// <param name="current">What the cache holds now (for a deletion, the last version).</param>
    public void CacheChanged(string key, TEntity current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (newer.TryGetValue(key, out var known) && current.Metadata.ResourceVersion != known.Superseded)
        {
            newer.TryRemove(new KeyValuePair<string, (string, TEntity)>(key, known));
        }
    }

    /// <summary>Remembers the last version of a deleted object so that the next pass reports it.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="lastSeen">The last version seen.</param>
    public void RecordDeletion(string key, TEntity lastSeen) => tombstones[key] = lastSeen;

    /// <summary>Runs one pass for <paramref name="key"/>.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="cache">The informer's cache.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or loss of leadership.</param>
    public async Task<ReconcileOutcome> ReconcileAsync(string key, IEntityCache<TEntity> cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        await using var scope = scopes.CreateAsyncScope();
        var controller = scope.ServiceProvider.GetService<IEntityController<TEntity>>();
        cache.TryGet(key, out var entity);
        var cachedVersion = entity?.Metadata.ResourceVersion;
        entity = NewestKnown(key, entity);

        if (tombstones.TryGetValue(key, out var dead) && (entity is null || entity.Metadata.Uid != dead.Metadata.Uid))
        {
            if (!await ReportDeletedAsync(controller, key, dead, cancellationToken).ConfigureAwait(false))
            {
                return ReconcileOutcome.Retry();
            }

            tombstones.TryRemove(new KeyValuePair<string, TEntity>(key, dead));
        }

        if (entity is null)
        {
            return ReconcileOutcome.Done;
        }

        return entity.Metadata.DeletionTimestamp is null
            ? await ReconcileLivingAsync(controller, key, entity, cache, cachedVersion!, cancellationToken).ConfigureAwait(false)
            : await FinalizeAsync(scope.ServiceProvider, key, entity, cancellationToken).ConfigureAwait(false);
    }

    private TEntity? NewestKnown(string key, TEntity? cached)
    {
        if (!newer.TryGetValue(key, out var known))
        {
            return cached;
        }

        if (cached is not null && cached.Metadata.ResourceVersion == known.Superseded && cached.Metadata.Uid == known.Newer.Metadata.Uid)
        {
            return known.Newer;
        }

        newer.TryRemove(new KeyValuePair<string, (string, TEntity)>(key, known));
        return cached;
    }

    // A result whose copy has another version than the cached one came from the API server after the cache's copy (a
    // write's answer, or a read after a conflict): it is the newest copy this process knows of.
    private void RememberWritten(string key, TEntity passed, IEntityCache<TEntity> cache, string cachedVersion, TEntity returned)
    {
        var version = returned.Metadata.ResourceVersion;
        if (string.IsNullOrEmpty(version) || version == cachedVersion || returned.Metadata.Uid != passed.Metadata.Uid)
        {
            return;
        }

        var remembered = (cachedVersion, returned);
        newer[key] = remembered;

        // The watch may have brought the write before it was remembered (CacheChanged then found nothing to forget).
        if (!cache.TryGet(key, out var now) || now.Metadata.ResourceVersion != cachedVersion)
        {
            newer.TryRemove(new KeyValuePair<string, (string, TEntity)>(key, remembered));
        }
    }

    private async Task<bool> ReportDeletedAsync(IEntityController<TEntity>? controller, string key, TEntity dead, CancellationToken cancellationToken)
    {
        if (controller is null)
        {
            return true;
        }

        try
        {
            await controller.DeletedAsync(dead, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDeletedFailed(logger, e, key);
            return false;
        }
    }

    private async Task<ReconcileOutcome> ReconcileLivingAsync(
        IEntityController<TEntity>? controller, string key, TEntity entity, IEntityCache<TEntity> cache, string cachedVersion,
        CancellationToken cancellationToken)
    {
        var present = entity.Metadata.Finalizers ?? [];
        var missing = finalizers.Select(f => f.Identifier).Where(id => !present.Contains(id)).ToList();
        if (missing.Count > 0)
        {
            try
            {
                // The PATCH answer is used for this pass only; the cache hears of it through the watch.
                entity = await client.AddFinalizersAsync(entity, missing, cancellationToken).ConfigureAwait(false);
                LogFinalizersAttached(logger, key, string.Join(",", missing));
            }
            catch (KubernetesApiException e) when (ApiErrors.IsNotFound(e))
            {
                return ReconcileOutcome.Done;
            }
            catch (KubernetesApiException e) when (ApiErrors.IsConflict(e))
            {
                LogConflict(logger, key, "attach finalizers");
                return ReconcileOutcome.Retry();
            }
        }

        if (controller is null)
        {
            return ReconcileOutcome.Done;
        }

        ReconciliationResult<TEntity> result;
        try
        {
            result = await controller.ReconcileAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ReconciliationResult<TEntity>.Failure(entity, e.Message, e);
        }

        if (result.Entity is { } returned)
        {
            RememberWritten(key, entity, cache, cachedVersion, returned);
        }

        if (result.IsSuccess)
        {
            return result.RequeueAfter is { } after ? ReconcileOutcome.Requeue(after) : ReconcileOutcome.Done;
        }

        LogReconcileFailed(logger, result.Error, key, result.ErrorMessage);
        return ReconcileOutcome.Retry(result.RequeueAfter);
    }

    private async Task<ReconcileOutcome> FinalizeAsync(IServiceProvider services, string key, TEntity entity, CancellationToken cancellationToken)
    {
        foreach (var registration in finalizers)
        {
            if (entity.Metadata.Finalizers?.Contains(registration.Identifier) != true)
            {
                continue;
            }

            var finalizer = (IEntityFinalizer<TEntity>)services.GetRequiredService(registration.FinalizerType);
            ReconciliationResult<TEntity> result;
            try
            {
                result = await finalizer.FinalizeAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = ReconciliationResult<TEntity>.Failure(entity, e.Message, e);
            }

            if (result.IsFailure)
            {
                LogFinalizeFailed(logger, result.Error, key, registration.Identifier, result.ErrorMessage);
                return ReconcileOutcome.Retry(result.RequeueAfter);
            }

            try
            {
                entity = await client.RemoveFinalizerAsync(entity, registration.Identifier, cancellationToken).ConfigureAwait(false);
                LogFinalizerRemoved(logger, key, registration.Identifier);
            }
            catch (KubernetesApiException e) when (ApiErrors.IsNotFound(e))
            {
                return ReconcileOutcome.Done;
            }
            catch (KubernetesApiException e) when (ApiErrors.IsConflict(e))
            {
                LogConflict(logger, key, "remove finalizer " + registration.Identifier);
                return ReconcileOutcome.Retry();
            }
        }

        return ReconcileOutcome.Done;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Reconcile of {Key} failed: {Reason}")]
    private static partial void LogReconcileFailed(ILogger logger, Exception? exception, string key, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Finalizer {Finalizer} of {Key} failed: {Reason}")]
    private static partial void LogFinalizeFailed(ILogger logger, Exception? exception, string key, string finalizer, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "DeletedAsync for {Key} failed; retrying")]
    private static partial void LogDeletedFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "{Key} changed while trying to {Action}; retrying with the next version")]
    private static partial void LogConflict(ILogger logger, string key, string action);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Attached finalizers {Finalizers} to {Key}")]
    private static partial void LogFinalizersAttached(ILogger logger, string key, string finalizers);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Removed finalizer {Finalizer} from {Key}")]
    private static partial void LogFinalizerRemoved(ILogger logger, string key, string finalizer);
}
