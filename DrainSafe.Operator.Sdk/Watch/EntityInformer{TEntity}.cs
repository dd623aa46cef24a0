using System.Text.Json;
using DrainSafe.Operator.Abstractions.Watch;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>
/// Keeps a cache of every object of one type: list, then watch from the list's resourceVersion (with
/// bookmarks and a server-side timeout so it recycles); resume from the last version after a dropped
/// stream; relist on 410 and diff against the cache so that deletions while away are reported; restart a
/// watch that has been silent for longer than the heartbeat window. Only the informer writes the cache.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed partial class EntityInformer<TEntity> : IWatchHeartbeat
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly EntityClient<TEntity> client;
    private static readonly InformerSettingsValidator SettingsRules = new();

    private readonly InformerSettings settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly EntityCache<TEntity> cache = new();
    private readonly ExponentialBackoff<string> reconnectBackoff;
    private readonly Func<TEntity, TEntity> transform;
    private long lastHeartbeatTicks;
    private int watchLines;
    private long? watchOpenedAt;
    private volatile bool hasSynced;
    private string resourceVersion = string.Empty;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="client">List and watch calls for the type.</param>
    /// <param name="settings">Heartbeat window, watch timeout, reconnect backoff.</param>
    /// <param name="timeProvider">The clock for the watchdog and reconnect delays.</param>
    /// <param name="logger">Where list and watch trouble is reported.</param>
    /// <param name="transform">
    /// Applied to every object before it is cached and reported, e.g. to drop fields the caller never reads so that a
    /// large cluster's cache stays small. It must keep <c>metadata.name</c>, <c>namespace</c>, <c>uid</c> and
    /// <c>resourceVersion</c>.
    /// </param>
    public EntityInformer(
        EntityClient<TEntity> client, InformerSettings settings, TimeProvider timeProvider, ILogger logger, Func<TEntity, TEntity>? transform = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Options.SettingsValidation.ThrowIfInvalid(SettingsRules, settings);
        this.client = client;
        this.settings = settings;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.transform = transform ?? (static e => e);
        reconnectBackoff = new ExponentialBackoff<string>(settings.ReconnectBackoff);
        lastHeartbeatTicks = timeProvider.GetUtcNow().UtcTicks;
    }

    /// <summary>Raised on the informer's loop after every complete list is in the cache (the first one and each relist).</summary>
    public event Action? Listed;

    /// <summary>The cache the informer fills.</summary>
    public IEntityCache<TEntity> Cache => cache;

    /// <inheritdoc />
    public string Resource => client.Definition.QualifiedPlural;

    /// <inheritdoc />
    public DateTimeOffset LastHeartbeat => new(Interlocked.Read(ref lastHeartbeatTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public bool HasSynced => hasSynced;

    /// <summary>
    /// Lists and watches until cancelled. Every change applied to the cache is passed to
    /// <paramref name="onChange"/> on the informer's own loop, so it must be quick (e.g. enqueue a key).
    /// </summary>
    /// <param name="onChange">Called for each change, in order.</param>
    /// <param name="cancellationToken">Stops the informer.</param>
    public async Task RunAsync(Action<EntityChange<TEntity>> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var mustList = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (mustList)
                {
                    await ListAsync(onChange, cancellationToken).ConfigureAwait(false);
                    mustList = false;
                }

                await WatchAsync(onChange, cancellationToken).ConfigureAwait(false);
                LogWatchEnded(logger, Resource, resourceVersion);
                RuntimeMetrics.WatchRestarted(Resource, "ended");
                if (LastWatchWasHealthy())
                {
                    reconnectBackoff.Forget(Resource);
                }
                else
                {
                    // A server that closes every watch at once must not make us spin.
                    await Task.Delay(reconnectBackoff.NextDelay(Resource), timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (KubernetesApiException e) when (e.IsExpired)
            {
                LogExpired(logger, Resource, resourceVersion);
                RuntimeMetrics.WatchRestarted(Resource, "expired");
                mustList = true;
            }
            catch (WatchStalledException)
            {
                LogStalled(logger, Resource, settings.HeartbeatWindow);
                RuntimeMetrics.WatchRestarted(Resource, "stalled");
            }
            catch (Exception e)
            {
                if (!mustList && LastWatchWasHealthy())
                {
                    reconnectBackoff.Forget(Resource);
                }

                var delay = reconnectBackoff.NextDelay(Resource);
                LogWatchFailed(logger, e, Resource, mustList ? "list" : "watch", delay);
                RuntimeMetrics.WatchRestarted(Resource, "failed");
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ListAsync(Action<EntityChange<TEntity>> onChange, CancellationToken cancellationToken)
    {
        var (items, version) = await ListAllPagesAsync(cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = EntityKey.Of(item);
            listed.Add(key);
            if (cache.TryGet(key, out var cached) && cached.Metadata.Uid != item.Metadata.Uid)
            {
                // Deleted and re-created under the same name while away: the old object's deletion must be reported.
                cache.Remove(key);
                onChange(new(EntityChangeType.Deleted, cached, cached));
            }

            var previous = cache.Upsert(item);
            if (previous is null)
            {
                onChange(new(EntityChangeType.Added, null, item));
            }
            else if (previous.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                onChange(new(EntityChangeType.Modified, previous, item));
            }
        }

        // Whatever vanished while the watch was away is gone now: report it, or DeletedAsync is never called.
        foreach (var key in cache.Keys.Where(k => !listed.Contains(k)))
        {
            if (cache.Remove(key) is { } gone)
            {
                onChange(new(EntityChangeType.Deleted, gone, gone));
            }
        }

        resourceVersion = version;
        hasSynced = true;
        Listed?.Invoke();
        LogListed(logger, Resource, items.Count, version);
    }

    // Every page completes before the cache is touched: a diff against half a list would report false deletions.
    // Each page is transformed as it arrives, so that only one page of whole objects is alive at a time (5000 AKS
    // Nodes of 18 KiB of JSON, kept whole until the last page, made the operator's heap grow by hundreds of MiB).
    private async Task<(List<TEntity> Items, string ResourceVersion)> ListAllPagesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ListPagedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsExpired)
        {
            // The first page's version was compacted while we paged: a new paged list starts from a new version.
            LogContinueExpired(logger, Resource, "paging again from the first page");
        }

        try
        {
            return await ListPagedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsExpired)
        {
            // Twice in a row: the server compacts faster than we page. One unpaged list, as client-go falls back to;
            // its objects are whole until it has been read, so it is the last resort, not the first.
            LogContinueExpired(logger, Resource, "listing once without paging");
            var all = await ListPageAsync(0, null, cancellationToken).ConfigureAwait(false);
            return (all.Items.Select(transform).ToList(), all.ResourceVersion);
        }
    }

    private async Task<(List<TEntity> Items, string ResourceVersion)> ListPagedAsync(CancellationToken cancellationToken)
    {
        var items = new List<TEntity>();
        var first = await ListPageAsync(settings.ListPageSize, null, cancellationToken).ConfigureAwait(false);
        var version = first.ResourceVersion;
        var token = Keep(first);
        while (token is { Length: > 0 })
        {
            token = Keep(await ListPageAsync(settings.ListPageSize, token, cancellationToken).ConfigureAwait(false));
        }

        return (items, version);

        // Only the page's transformed items and its continue token outlive it.
        string? Keep(EntityListPage<TEntity> page)
        {
            items.AddRange(page.Items.Select(transform));
            return page.Continue;
        }
    }

    private async Task<EntityListPage<TEntity>> ListPageAsync(int limit, string? continueToken, CancellationToken cancellationToken)
    {
        // The client's HttpClient has no timeout (watches share it): a LIST on a dead connection would hang forever.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdog = timeProvider.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), attempt, settings.HeartbeatWindow, Timeout.InfiniteTimeSpan);
        try
        {
            var page = await client.ListPageAsync(limit, continueToken, attempt.Token).ConfigureAwait(false);
            Beat();
            return page;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException
            && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WatchStalledException($"LIST of {Resource} did not answer within {settings.HeartbeatWindow}.", e);
        }
    }

    // Whether the watch that just ended had been healthy (WatchHealth); each watch is judged once.
    private bool LastWatchWasHealthy()
    {
        var openFor = watchOpenedAt is { } opened ? timeProvider.GetElapsedTime(opened) : (TimeSpan?)null;
        var healthy = WatchHealth.WasHealthy(watchLines, openFor);
        (watchLines, watchOpenedAt) = (0, null);
        return healthy;
    }

    private async Task WatchAsync(Action<EntityChange<TEntity>> onChange, CancellationToken cancellationToken)
    {
        (watchLines, watchOpenedAt) = (0, null);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = settings.HeartbeatWindow;
        using var watchdog = timeProvider.CreateTimer(static state => CancelQuietly((CancellationTokenSource)state!), attempt, window, Timeout.InfiniteTimeSpan);
        try
        {
            var timeout = settings.WatchTimeout * (1 + (Random.Shared.NextDouble() / 2));
            using var response = await client.WatchAsync(resourceVersion, (int)timeout.TotalSeconds, attempt.Token).ConfigureAwait(false);
            watchOpenedAt = timeProvider.GetTimestamp();
            Beat();
            watchdog.Change(window, Timeout.InfiniteTimeSpan);
            await using var stream = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(attempt.Token).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                watchLines++;
                Beat();
                watchdog.Change(window, Timeout.InfiniteTimeSpan);
                Apply(WatchEvent<TEntity>.Parse(line), onChange);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException
            && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WatchStalledException($"No event or bookmark for {Resource} within {window}.", e);
        }
    }

    private void Apply(WatchEvent<TEntity> watchEvent, Action<EntityChange<TEntity>> onChange)
    {
        switch (watchEvent.Kind)
        {
            case WatchEventKind.Error:
                var status = watchEvent.Status;
                var code = (System.Net.HttpStatusCode)(status?.Code ?? 500);
                throw new KubernetesApiException(code, status, $"WATCH {Resource} ended with an error event: {status?.Message}");
            case WatchEventKind.Bookmark:
                break;
            case WatchEventKind.Deleted:
                var deleted = transform(watchEvent.Entity!);
                var gone = cache.Remove(EntityKey.Of(deleted));
                onChange(new(EntityChangeType.Deleted, gone, deleted));
                break;
            default:
                var entity = transform(watchEvent.Entity!);
                var previous = cache.Upsert(entity);
                onChange(new(previous is null ? EntityChangeType.Added : EntityChangeType.Modified, previous, entity));
                break;
        }

        if (!string.IsNullOrEmpty(watchEvent.ResourceVersion))
        {
            resourceVersion = watchEvent.ResourceVersion;
        }
    }

    private void Beat() => Interlocked.Exchange(ref lastHeartbeatTicks, timeProvider.GetUtcNow().UtcTicks);

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The watch attempt already finished.
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Watch of {Resource} ended at resourceVersion {ResourceVersion}; resuming")]
    private static partial void LogWatchEnded(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion} (410); relisting")]
    private static partial void LogExpired(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "List or watch of {Resource} got no answer for {Window}; starting over")]
    private static partial void LogStalled(ILogger logger, string resource, TimeSpan window);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "The continue token of the {Resource} list expired; {Next}")]
    private static partial void LogContinueExpired(ILogger logger, string resource, string next);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "The {Step} of {Resource} failed; retrying in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string resource, string step, TimeSpan delay);
}
