using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>
/// The host's one informer of <typeparamref name="TEntity"/>: lists and watches while this replica leads (a new cache
/// each term), fans every change out to the subscribers, and exposes the cache to readers.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class SharedInformer<TEntity> : BackgroundService, ISharedInformer<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly IEntityCache<TEntity> Empty = new EntityCache<TEntity>();

    private readonly IKubernetes kubernetes;
    private readonly OperatorSettings settings;
    private readonly SharedInformerOptions<TEntity> options;
    private readonly ILeadership leadership;
    private readonly WatchHeartbeatRegistry heartbeats;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<SharedInformer<TEntity>> logger;
    private readonly Lock gate = new();
    private readonly List<Action<EntityChange<TEntity>>> handlers = [];
    private EntityInformer<TEntity>? current;
    private TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the informer; it starts with the host and runs while this replica leads.</summary>
    public SharedInformer(
        IKubernetes kubernetes,
        IOptions<OperatorSettings> settings,
        SharedInformerOptions<TEntity> options,
        ILeadership leadership,
        WatchHeartbeatRegistry heartbeats,
        TimeProvider timeProvider,
        ILogger<SharedInformer<TEntity>> logger)
    {
        this.kubernetes = kubernetes;
        this.settings = settings.Value;
        this.options = options;
        this.leadership = leadership;
        this.heartbeats = heartbeats;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public IEntityCache<TEntity> Cache => current?.Cache ?? Empty;

    /// <inheritdoc />
    public bool HasSynced => current?.HasSynced ?? false;

    /// <inheritdoc />
    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return synced.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<EntityChange<TEntity>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (gate)
        {
            foreach (var entity in Cache.Snapshot())
            {
                handler(new EntityChange<TEntity>(EntityChangeType.Added, null, entity));
            }

            handlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunEachTermAsync(InformAsync, stoppingToken);

    // One term: a new informer lists into a fresh cache and watches until the term ends.
    private async Task InformAsync(CancellationToken term)
    {
        var informer = new EntityInformer<TEntity>(
            new EntityClient<TEntity>(kubernetes, options.Selector), settings.Informer, timeProvider, logger, options.Transform);
        informer.Listed += MarkSynced;
        lock (gate)
        {
            current = informer;
        }

        using var registration = heartbeats.Register(informer);
        try
        {
            await informer.RunAsync(Dispatch, term).ConfigureAwait(false);
        }
        finally
        {
            // The term ended (or the informer failed): readers see no cache until the next term has listed.
            lock (gate)
            {
                current = null;
                if (synced.Task.IsCompleted)
                {
                    synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    private void Dispatch(EntityChange<TEntity> change)
    {
        lock (gate)
        {
            foreach (var handler in handlers)
            {
                handler(change);
            }

        }
    }

    private void MarkSynced()
    {
        lock (gate)
        {
            synced.TrySetResult();
        }
    }

    private sealed class Subscription(SharedInformer<TEntity> owner, Action<EntityChange<TEntity>> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.handlers.Remove(handler);
            }
        }
    }
}
