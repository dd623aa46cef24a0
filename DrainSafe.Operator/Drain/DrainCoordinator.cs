using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Observability;
using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Reconcile;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Drain;

/// <summary>
/// Runs the drains: at most one <see cref="NodeDrain"/> per node, each on its own task, so that many nodes drain in
/// parallel and no reconcile waits for pods. A drain's progress requeues the node's NodeMaintenance, whose reconcile
/// reads <see cref="Observe"/>. Drains live only in this process: after a restart the reconcile starts them again from
/// what the API shows (evicted pods are terminating or gone, so nothing is evicted twice).
/// </summary>
public sealed partial class DrainCoordinator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Running> drains = new(StringComparer.Ordinal);
    private readonly IKubernetes client;
    private readonly PodEvictor evictor;
    private readonly ISharedInformer<V1PodDisruptionBudget> budgets;
    private readonly IEntityRequeue<NodeMaintenance> requeue;
    private readonly EventPublisher events;
    private readonly DrainSafeOptions options;
    private readonly OperatorSettings settings;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger<DrainCoordinator> logger;
    private readonly DrainSafeMetrics metrics;

    /// <summary>Creates the coordinator.</summary>
    public DrainCoordinator(
        IKubernetes client,
        PodEvictor evictor,
        ISharedInformer<V1PodDisruptionBudget> budgets,
        IEntityRequeue<NodeMaintenance> requeue,
        EventPublisher events,
        IOptions<DrainSafeOptions> options,
        IOptions<OperatorSettings> settings,
        TimeProvider time,
        ILoggerFactory loggers,
        DrainSafeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        this.client = client;
        this.evictor = evictor;
        this.budgets = budgets;
        this.requeue = requeue;
        this.events = events;
        this.options = options.Value;
        this.settings = settings.Value;
        this.time = time;
        this.loggers = loggers;
        logger = loggers.CreateLogger<DrainCoordinator>();
        this.metrics = metrics;
    }

    /// <summary>How the node's drain stands in this process.</summary>
    /// <param name="nodeName">The node.</param>
    public DrainSnapshot Observe(string nodeName) =>
        drains.TryGetValue(nodeName, out var running) ? running.Drain.Snapshot : DrainSnapshot.NotRunning;

    /// <summary>Starts the node's drain unless one runs (or has completed) already.</summary>
    /// <param name="request">What the drain must do.</param>
    public void Ensure(DrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (drains.TryGetValue(request.NodeName, out var existing) && !existing.Task.IsFaulted && !existing.Task.IsCanceled)
        {
            return;
        }

        var key = request.NodeName;
        var drain = new NodeDrain(request, client, evictor, budgets, options, settings.Informer, time, loggers.CreateLogger<NodeDrain>(), metrics,
            onProgress: () => requeue.Enqueue(key),
            publish: (reason, message, type) => events(request.Maintenance, reason, message, type, CancellationToken.None));
        var stop = new CancellationTokenSource();
        var running = new Running(drain, stop, Task.CompletedTask);
        if (existing is null ? !drains.TryAdd(key, running) : !drains.TryUpdate(key, running, existing))
        {
            stop.Dispose();
            return;
        }

        running.Task = Task.Run(async () =>
        {
            try
            {
                await drain.RunAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped: cancelled maintenance, deleted NodeMaintenance, or the operator shutting down.
            }
            catch (Exception e)
            {
                LogDrainFailed(logger, e, key);
                throw;
            }
            finally
            {
                requeue.Enqueue(key);
            }
        });
    }

    /// <summary>Stops the node's drain, if one runs, and forgets it.</summary>
    /// <param name="nodeName">The node.</param>
    public async Task StopAsync(string nodeName)
    {
        if (!drains.TryRemove(nodeName, out var running))
        {
            return;
        }

        await running.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.Task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported when it happened.
        }

        running.Stop.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in drains.Keys.ToList())
        {
            await StopAsync(node).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "The drain of node {Node} failed; the next reconcile starts it again")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception, string node);

    private sealed class Running(NodeDrain drain, CancellationTokenSource stop, Task task)
    {
        public NodeDrain Drain { get; } = drain;

        public CancellationTokenSource Stop { get; } = stop;

        public Task Task { get; set; } = task;
    }
}
