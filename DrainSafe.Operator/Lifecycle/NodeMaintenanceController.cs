using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Abstractions.Rbac;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Observability;
using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Reconcile;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>
/// Reconciles a NodeMaintenance: reads the facts (the node, the other NodeMaintenances, the drain), asks
/// <see cref="MaintenanceLifecycle.Next"/> for the next step, performs it, and goes on while steps follow one another at
/// once (a cordon within milliseconds of the event), then returns when to look again. Status is written only when it
/// changes; the state is mirrored onto the Node's annotations.
/// </summary>
[EntityRbac(typeof(NodeMaintenance), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch | RbacVerb.Update)]
[EntityRbac(typeof(NodeMaintenance), Subresource = "status", Verbs = RbacVerb.Get | RbacVerb.Patch | RbacVerb.Update)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Delete)]
[EntityRbac(typeof(V1Pod), Subresource = "eviction", Verbs = RbacVerb.Create)]
[EntityRbac(typeof(V1PodDisruptionBudget), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(V1DaemonSet), Verbs = RbacVerb.Get)]
public sealed partial class NodeMaintenanceController : IEntityController<NodeMaintenance>
{
    private const int MaxStepsPerReconcile = 12;

    private readonly IKubernetes client;
    private readonly EntityClient<NodeMaintenance> maintenanceClient;
    private readonly ISharedInformer<NodeMaintenance> maintenances;
    private readonly ISharedInformer<V1Node> nodes;
    private readonly IEntityStatusWriter<NodeMaintenance> statusWriter;
    private readonly NodeCordoner cordoner;
    private readonly DrainCoordinator drains;
    private readonly CordonAdmissions admissions;
    private readonly EventPublisher events;
    private readonly IEntityRequeue<NodeMaintenance> requeue;
    private readonly DrainSafeOptions options;
    private readonly DrainPolicy drainPolicy;
    private readonly TimeProvider time;
    private readonly DrainSafeMetrics metrics;
    private readonly ILogger<NodeMaintenanceController> logger;

    /// <summary>Creates the controller (one per reconcile, from a DI scope).</summary>
    public NodeMaintenanceController(
        IKubernetes client,
        ISharedInformer<NodeMaintenance> maintenances,
        ISharedInformer<V1Node> nodes,
        IEntityStatusWriter<NodeMaintenance> statusWriter,
        NodeCordoner cordoner,
        DrainCoordinator drains,
        CordonAdmissions admissions,
        EventPublisher events,
        IEntityRequeue<NodeMaintenance> requeue,
        IOptions<DrainSafeOptions> options,
        TimeProvider time,
        DrainSafeMetrics metrics,
        ILogger<NodeMaintenanceController> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        maintenanceClient = new EntityClient<NodeMaintenance>(client);
        this.maintenances = maintenances;
        this.nodes = nodes;
        this.statusWriter = statusWriter;
        this.cordoner = cordoner;
        this.drains = drains;
        this.admissions = admissions;
        this.events = events;
        this.requeue = requeue;
        this.options = options.Value;
        drainPolicy = DrainPolicy.From(this.options);
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<ReconciliationResult<NodeMaintenance>> ReconcileAsync(NodeMaintenance entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var started = time.GetTimestamp();
        var current = MaintenanceLifecycle.MostUrgent(MaintenanceLifecycle.ActionableEvents(entity, options));
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["Node"] = entity.Metadata.Name, ["EventId"] = current?.EventId });
        using var priority = RequestPriority.Until(MaintenanceLifecycle.DueAt(entity, options) is { } due && due != DateTimeOffset.MinValue ? due : null);
        var failed = false;
        try
        {
            var node = await ReadNodeAsync(entity.Metadata.Name, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < MaxStepsPerReconcile; i++)
            {
                var now = time.GetUtcNow();
                using var admission = entity.Status?.State == MaintenanceState.MaintenanceScheduled && !string.IsNullOrWhiteSpace(options.MaxConcurrentNodes)
                    ? await admissions.DecideAsync(cancellationToken).ConfigureAwait(false)
                    : null;
                var facts = new MaintenanceFacts(entity, node is null ? null : NodeFacts.Of(node), admissions.Overlay(Peers(), now), nodes.Cache.Count,
                    drains.Observe(entity.Metadata.Name), options, now);
                var step = MaintenanceLifecycle.Next(facts);
                if (admission is not null && step is EnterState { State: MaintenanceState.NodeCordoning })
                {
                    admissions.Admit(entity.Metadata.Name, now);
                }

                LogStep(logger, entity.Metadata.Name, step.GetType().Name, step.Why);
                NodeMaintenance next;
                V1Node? nextNode;
                TimeSpan? after;
                try
                {
                    (next, nextNode, after) = await PerformAsync(entity, node, step, cancellationToken).ConfigureAwait(false);
                }
                catch (KubernetesApiException e) when (ApiErrors.StatusCode(e) == System.Net.HttpStatusCode.Conflict)
                {
                    // The step was decided from an outdated copy (the cache lags behind while a watch is down, or someone
                    // wrote meanwhile): its status write was refused. Decide again from what the API server has now.
                    LogOutdated(logger, entity.Metadata.Name, step.GetType().Name, entity.Metadata.ResourceVersion);
                    if (await maintenanceClient.GetAsync(null, entity.Metadata.Name, cancellationToken).ConfigureAwait(false) is not { } fresh)
                    {
                        return ReconciliationResult<NodeMaintenance>.Success(entity);
                    }

                    entity = fresh;
                    node = await ReadNodeAsync(entity.Metadata.Name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (after is not null)
                {
                    return ReconciliationResult<NodeMaintenance>.Success(next, after == TimeSpan.MaxValue ? null : after);
                }

                (entity, node) = (next, nextNode);
            }

            return ReconciliationResult<NodeMaintenance>.Success(entity, TimeSpan.FromMilliseconds(1));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failed = true;
            await RecordErrorAsync(entity, e, cancellationToken).ConfigureAwait(false);
            return ReconciliationResult<NodeMaintenance>.Failure(entity, ApiErrors.Message(e), e);
        }
        finally
        {
            metrics.Reconciled(time.GetElapsedTime(started), failed);
        }
    }

    /// <inheritdoc />
    public Task DeletedAsync(NodeMaintenance entity, CancellationToken cancellationToken) =>
        drains.StopAsync(entity?.Metadata.Name ?? string.Empty);

    // Performs one step; returns the updated objects and, when the reconcile should end, when to come back
    // (TimeSpan.MaxValue: only on a change).
    private async Task<(NodeMaintenance Entity, V1Node? Node, TimeSpan? After)> PerformAsync(
        NodeMaintenance entity, V1Node? node, LifecycleStep step, CancellationToken cancellationToken)
    {
        var name = entity.Metadata.Name;
        var now = time.GetUtcNow();
        switch (step)
        {
            case Idle:
                return (await ObserveGenerationAsync(entity, cancellationToken).ConfigureAwait(false), node, TimeSpan.MaxValue);

            case WaitUntil wait:
                entity = await ObserveGenerationAsync(entity, cancellationToken).ConfigureAwait(false);
                var delay = wait.Until - now;
                return (entity, node, delay < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : delay);

            case EnterState enter:
                return (await EnterAsync(entity, node, enter, cancellationToken).ConfigureAwait(false), node, null);

            case CordonNode cordon:
                var owned = false;
                if (!options.DryRun)
                {
                    var owner = $"{NodeMaintenance.KindName}/{name} {cordon.Event.EventType} {cordon.Event.EventId}";
                    (node, owned) = await cordoner.CordonAsync(name, owner, options.CordonTaint ? NodeTaints.For(cordon.Event.EventType) : null, cancellationToken)
                        .ConfigureAwait(false);
                }

                entity = await WriteStatusAsync(entity, s =>
                {
                    s.State = MaintenanceState.NodeCordoned;
                    s.CordonedByDrainSafe = owned;
                    MaintenanceConditions.Set(s, MaintenanceConditionTypes.Cordoned, true, owned ? "CordonedByDrainSafe" : options.DryRun ? "DryRun" : "AlreadyCordoned",
                        owned ? "DrainSafe cordoned the node." : options.DryRun ? "Dry run: the node would be cordoned." : "The node was already cordoned by someone else; it stays cordoned after the maintenance.",
                        now, entity.Metadata.Generation);
                }, cancellationToken).ConfigureAwait(false);
                metrics.Transition(MaintenanceState.NodeCordoned);
                await MirrorAsync(name, MaintenanceState.NodeCordoned, cordon.Event.EventType, cancellationToken).ConfigureAwait(false);
                await PublishAsync(entity, node, options.DryRun ? Reasons.DryRun : owned ? Reasons.Cordoned : Reasons.AlreadyCordoned,
                    options.DryRun ? $"Would cordon the node for {cordon.Event.EventType} event {cordon.Event.EventId}."
                    : owned ? $"Cordoned for {cordon.Event.EventType} event {cordon.Event.EventId}."
                    : $"The node was already cordoned by someone else; DrainSafe drains it for {cordon.Event.EventType} event {cordon.Event.EventId} and leaves it cordoned afterwards.",
                    EventType.Normal, cancellationToken).ConfigureAwait(false);
                return (entity, node, null);

            case DrainNode drain:
                drains.Ensure(new DrainRequest(entity, name, drain.Deadline, drain.Event.NotBefore, drainPolicy, options.DeadlinePolicy, options.DryRun,
                    entity.Status?.Drain?.EvictedPods ?? 0));
                var snapshot = drains.Observe(name);
                if (snapshot.Phase == DrainPhase.Completed)
                {
                    return (entity, node, null);
                }

                var refusedBefore = entity.Status?.LastError;
                entity = await WriteStatusAsync(entity, s =>
                {
                    s.Drain = Progress(s.Drain, snapshot, drain.Deadline, now);
                    s.LastError = snapshot.Refused.Count > 0 ? "Refused: " + string.Join("; ", snapshot.Refused.Take(5)) : snapshot.LastError;
                }, cancellationToken).ConfigureAwait(false);
                if (snapshot.Refused.Count > 0 && refusedBefore != entity.Status?.LastError)
                {
                    await PublishAsync(entity, node, Reasons.EvictionRefused, $"The policy refuses to evict: {string.Join("; ", snapshot.Refused.Take(5))}.",
                        EventType.Warning, cancellationToken).ConfigureAwait(false);
                }

                // The drain requeues on progress; this is only a safety net.
                return (entity, node, TimeSpan.FromSeconds(10));

            case SetApprovable approvable:
                var added = approvable.EventIds.Except(entity.Status?.ApprovableEventIds ?? [], StringComparer.OrdinalIgnoreCase).ToList();
                entity = await WriteStatusAsync(entity, s => s.ApprovableEventIds = approvable.EventIds.ToList(), cancellationToken).ConfigureAwait(false);
                if (added.Count > 0)
                {
                    metrics.Approvable(added.Count);
                    await PublishAsync(entity, node, Reasons.Approvable, $"Event(s) {string.Join(", ", added)} may be approved: every listed node is drained.",
                        EventType.Normal, cancellationToken).ConfigureAwait(false);
                }

                return (entity, node, null);

            case ForgetYieldedEvents forget:
                return (await WriteStatusAsync(entity, s => s.YieldedEventIds = forget.StillListed.ToList(), cancellationToken).ConfigureAwait(false), node, null);

            case RestoreNode:
                var uncordoned = false;
                if (!options.DryRun)
                {
                    (node, uncordoned) = await cordoner.UncordonAsync(name, cancellationToken).ConfigureAwait(false);
                }

                var kept = node is not null && node.Spec?.Unschedulable == true;
                entity = await WriteStatusAsync(entity, s =>
                {
                    s.State = MaintenanceState.NodeUncordoned;
                    s.CordonedByDrainSafe = false;
                    s.CurrentEvent = null;
                    s.ApprovableEventIds = [];
                    s.YieldedEventIds = s.YieldedEventIds.Where(id => entity.Spec.Events.Any(e => string.Equals(e.EventId, id, StringComparison.OrdinalIgnoreCase))).ToList();
                    MaintenanceConditions.Set(s, MaintenanceConditionTypes.Cordoned, kept, kept ? "CordonKept" : "Uncordoned",
                        kept ? "The node stays cordoned: DrainSafe did not cordon it, or another remediator holds it." : "The maintenance is over; the node is schedulable.",
                        now, entity.Metadata.Generation);
                }, cancellationToken).ConfigureAwait(false);
                metrics.Transition(MaintenanceState.NodeUncordoned);
                await MirrorAsync(name, MaintenanceState.NodeUncordoned, null, cancellationToken).ConfigureAwait(false);
                await PublishAsync(entity, node, uncordoned ? Reasons.Uncordoned : Reasons.CordonKept,
                    uncordoned ? "The maintenance is over; DrainSafe uncordoned the node."
                    : kept ? "The maintenance is over; the node stays cordoned because DrainSafe did not cordon it (or another remediator holds it)."
                    : "The maintenance is over.",
                    EventType.Normal, cancellationToken).ConfigureAwait(false);
                return (entity, node, null);

            case YieldNode yielded:
                // The node cache may lag behind DrainSafe's own cordon: only a fresh read may say someone else uncordoned it.
                var fresh = await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (fresh.Spec?.Unschedulable == true)
                {
                    return (entity, fresh, null);
                }

                await drains.StopAsync(name).ConfigureAwait(false);
                (node, _) = await cordoner.UncordonAsync(name, cancellationToken).ConfigureAwait(false);
                entity = await WriteStatusAsync(entity, s =>
                {
                    s.State = MaintenanceState.NodeRunning;
                    s.CordonedByDrainSafe = false;
                    s.ApprovableEventIds = [];
                    s.YieldedEventIds = s.YieldedEventIds.Union(yielded.EventIds, StringComparer.OrdinalIgnoreCase).ToList();
                    MaintenanceConditions.Set(s, MaintenanceConditionTypes.Cordoned, false, "UncordonedBySomeoneElse",
                        "Someone made the node schedulable during the maintenance; DrainSafe leaves it alone until the event ends.", now, entity.Metadata.Generation);
                }, cancellationToken).ConfigureAwait(false);
                metrics.Transition(MaintenanceState.NodeRunning);
                await MirrorAsync(name, MaintenanceState.NodeRunning, null, cancellationToken).ConfigureAwait(false);
                await PublishAsync(entity, node, Reasons.CordonReleased,
                    $"The node was made schedulable by someone else during event(s) {string.Join(", ", yielded.EventIds)}; DrainSafe stopped draining and will not cordon it again for them.",
                    EventType.Warning, cancellationToken).ConfigureAwait(false);
                return (entity, node, null);

            default:
                throw new InvalidOperationException($"Unknown lifecycle step {step.GetType().Name}.");
        }
    }

    private async Task<NodeMaintenance> EnterAsync(NodeMaintenance entity, V1Node? node, EnterState enter, CancellationToken cancellationToken)
    {
        var name = entity.Metadata.Name;
        var now = time.GetUtcNow();
        var previous = entity.Status?.State;
        var snapshot = drains.Observe(name);
        if (enter.State is MaintenanceState.NodeDrained or MaintenanceState.NodeRunning)
        {
            await drains.StopAsync(name).ConfigureAwait(false);
        }

        entity = await WriteStatusAsync(entity, s =>
        {
            s.State = enter.State;
            if (enter.Event is { } e)
            {
                s.CurrentEvent = new CurrentEvent { EventId = e.EventId, EventType = e.EventType, EventStatus = e.EventStatus, NotBefore = e.NotBefore };
            }

            switch (enter.State)
            {
                case MaintenanceState.NodeDraining:
                    var deadline = DrainDeadline.Of(now, enter.Event?.NotBefore, options.DeadlineMargin, options.MaxDrainTime);
                    s.Drain = new DrainProgress { StartedAt = now, Deadline = deadline };
                    s.LastError = null;
                    break;
                case MaintenanceState.NodeDrained:
                    s.Drain = Progress(s.Drain, snapshot, s.Drain?.Deadline ?? now, now);
                    s.LastError = null;
                    var forced = snapshot.DeadlinePassed && !options.DryRun;
                    MaintenanceConditions.Set(s, MaintenanceConditionTypes.Drained, true,
                        options.DryRun ? "DryRun" : forced ? MaintenanceLifecycle.DeadlinePolicyApplied : "Drained",
                        options.DryRun ? "Dry run: the pods listed would have been evicted."
                        : forced ? "The deadline passed; the pods left were deleted ignoring their budgets. The event is not approved: Azure starts it at NotBefore."
                        : "Every evictable pod has left the node.", now, entity.Metadata.Generation);
                    break;
                case MaintenanceState.MaintenanceStarted:
                    s.ApprovableEventIds = [];
                    break;
                case MaintenanceState.NodeRunning when previous is not null:
                    s.ApprovableEventIds = [];
                    MaintenanceConditions.Set(s, MaintenanceConditionTypes.Drained, false, "MaintenanceOver", "No maintenance is in progress.", now, entity.Metadata.Generation);
                    break;
            }
        }, cancellationToken).ConfigureAwait(false);
        metrics.Transition(enter.State);
        if (enter.State == MaintenanceState.NodeDrained && entity.Status?.Drain?.StartedAt is { } began)
        {
            metrics.Drained(now - began);
            RequeuePeersOf(entity);
        }

        await MirrorAsync(name, enter.State, enter.Event?.EventType ?? entity.Status?.CurrentEvent?.EventType, cancellationToken).ConfigureAwait(false);
        var message = enter.State == MaintenanceState.NodeDrained && options.DryRun
            ? $"Dry run: would have evicted {entity.Status?.Drain?.EvictedPods ?? 0} pod(s)."
            : Capitalized(enter.Why) + ".";
        await PublishAsync(entity, node, enter.Reason, message, EventType.Normal, cancellationToken).ConfigureAwait(false);
        return entity;
    }

    private static DrainProgress Progress(DrainProgress? before, DrainSnapshot snapshot, DateTimeOffset deadline, DateTimeOffset now) => new()
    {
        StartedAt = before?.StartedAt ?? now,
        Deadline = before?.Deadline ?? deadline,
        TotalPods = Math.Max(before?.TotalPods ?? 0, snapshot.TotalPods),
        EvictedPods = Math.Max(before?.EvictedPods ?? 0, snapshot.EvictedPods),
        RemainingPods = snapshot.Phase == DrainPhase.Completed ? 0 : snapshot.PendingPods.Count,
        PendingPods = snapshot.PendingPods.Take(20).ToList(),
        BlockedBy = snapshot.BlockedBy.ToList(),
    };

    // A node that just drained may complete the approval of events it shares with others.
    private void RequeuePeersOf(NodeMaintenance entity)
    {
        var vms = entity.Spec.Events.SelectMany(e => e.Resources).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var peer in maintenances.Cache.Snapshot())
        {
            if (peer.Metadata.Name != entity.Metadata.Name && vms.Contains(peer.Spec?.VmName ?? string.Empty))
            {
                requeue.Enqueue(peer.Metadata.Name);
            }
        }
    }

    private List<PeerMaintenance> Peers() =>
        maintenances.Cache.Snapshot()
            .Select(m => new PeerMaintenance(m.Metadata.Name, m.Spec?.VmName ?? string.Empty, m.Status?.State, MaintenanceLifecycle.DueAt(m, options)))
            .ToList();

    private async Task<V1Node?> ReadNodeAsync(string name, CancellationToken cancellationToken)
    {
        if (nodes.Cache.TryGet(name, out var cached))
        {
            return cached;
        }

        try
        {
            return await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    // Every status write of a step is a decision made from this copy: it is written only over this copy (a conflict makes
    // the reconcile decide again from a fresh read).
    private Task<NodeMaintenance> WriteStatusAsync(NodeMaintenance entity, Action<NodeMaintenanceStatus> mutate, CancellationToken cancellationToken) =>
        statusWriter.ReplaceStatusAsync(entity, e =>
        {
            e.Status ??= new NodeMaintenanceStatus();
            mutate(e.Status);
            e.Status.ObservedGeneration = e.Metadata.Generation;
        }, cancellationToken);

    // A spec change that needs no step is still recorded as seen, so `observedGeneration` tells users it was looked at.
    private Task<NodeMaintenance> ObserveGenerationAsync(NodeMaintenance entity, CancellationToken cancellationToken) =>
        entity.Status?.ObservedGeneration == entity.Metadata.Generation ? Task.FromResult(entity) : WriteStatusAsync(entity, _ => { }, cancellationToken);

    private async Task MirrorAsync(string nodeName, MaintenanceState state, ScheduledEventType? type, CancellationToken cancellationToken)
    {
        if (!options.DryRun)
        {
            await cordoner.AnnotateStateAsync(nodeName, state, type, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync(NodeMaintenance entity, V1Node? node, string reason, string message, EventType type, CancellationToken cancellationToken)
    {
        await events(entity, reason, message, type, cancellationToken).ConfigureAwait(false);
        if (node is not null)
        {
            node.ApiVersion ??= EntityDefinition.For<V1Node>().ApiVersion;
            node.Kind ??= EntityDefinition.For<V1Node>().Kind;
            await events(node, reason, message, type, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordErrorAsync(NodeMaintenance entity, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            // The last error is recorded whatever else changed meanwhile: re-applied over a newer copy on a conflict.
            await statusWriter.UpdateStatusAsync(entity, e =>
            {
                e.Status ??= new NodeMaintenanceStatus();
                e.Status.LastError = ApiErrors.Message(error);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStatusWriteFailed(logger, e, entity.Metadata.Name);
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "{Node}: {Step} because {Why}")]
    private static partial void LogStep(ILogger logger, string node, string step, string why);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "{Node}: {Step} was decided from an outdated copy (resourceVersion {ResourceVersion}); deciding again from a fresh read")]
    private static partial void LogOutdated(ILogger logger, string node, string step, string? resourceVersion);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "{Node}: could not record the last error in status")]
    private static partial void LogStatusWriteFailed(ILogger logger, Exception exception, string node);
}
