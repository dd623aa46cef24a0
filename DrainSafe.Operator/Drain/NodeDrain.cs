using System.Collections.Concurrent;
using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Observability;
using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Drain;

/// <summary>
/// One node's drain, run in the background so that a slow drain never holds a reconcile worker. It watches the node's
/// pods (field selector <c>spec.nodeName</c>: a pod counts as gone when the watch reports it deleted or replaced, never by
/// polling), evicts what <see cref="PodFilters"/> allows with a bounded number in flight, retries a refused eviction after
/// a jittered delay or as soon as the blocking PodDisruptionBudget allows a disruption again, and applies the deadline policy.
/// </summary>
public sealed partial class NodeDrain
{
    private readonly DrainRequest request;
    private readonly IKubernetes client;
    private readonly PodEvictor evictor;
    private readonly ISharedInformer<V1PodDisruptionBudget> budgets;
    private readonly DrainSafeOptions options;
    private readonly InformerSettings informerSettings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly DrainSafeMetrics metrics;
    private readonly Action onProgress;
    private readonly Func<string, string, EventType, Task> publish;
    private readonly SemaphoreSlim wake = new(0);
    private readonly ConcurrentDictionary<string, byte> evicted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodRetry> retries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> daemonSets = new(StringComparer.Ordinal);
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> warnedBudgets = new(StringComparer.Ordinal);
    private volatile DrainSnapshot snapshot = DrainSnapshot.NotRunning with { Phase = DrainPhase.Running };
    private volatile string? lastError;
    private int evictedCount;
    private bool deadlineApplied;

    /// <summary>Prepares the drain; nothing happens until <see cref="RunAsync"/>.</summary>
    public NodeDrain(
        DrainRequest request,
        IKubernetes client,
        PodEvictor evictor,
        ISharedInformer<V1PodDisruptionBudget> budgets,
        DrainSafeOptions options,
        InformerSettings informerSettings,
        TimeProvider time,
        ILogger logger,
        DrainSafeMetrics metrics,
        Action onProgress,
        Func<string, string, EventType, Task> publish)
    {
        this.request = request;
        this.client = client;
        this.evictor = evictor;
        this.budgets = budgets;
        this.options = options;
        this.informerSettings = informerSettings;
        this.time = time;
        this.logger = logger;
        this.metrics = metrics;
        this.onProgress = onProgress;
        this.publish = publish;
        evictedCount = request.PreviouslyEvicted;
    }

    /// <summary>The drain's progress as of its last look at the node.</summary>
    public DrainSnapshot Snapshot => snapshot;

    /// <summary>The request the drain runs.</summary>
    public DrainRequest Request => request;

    /// <summary>Drains until every pod that must go is gone, or until cancelled.</summary>
    /// <param name="cancellationToken">Stops the drain (cancellation, the NodeMaintenance deleted, the operator stopping).</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pods = new EntityInformer<V1Pod>(
            new EntityClient<V1Pod>(client, EntitySelector.Field("spec.nodeName", request.NodeName)), informerSettings, time, logger, SlimPod);
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pods.Listed += () => listed.TrySetResult();
        var watching = pods.RunAsync(_ => Wake(), stop.Token);
        using var budgetWatch = budgets.Subscribe(OnBudgetChange);
        try
        {
            await listed.Task.WaitAsync(stop.Token).ConfigureAwait(false);
            LogStarted(logger, request.NodeName, request.Deadline);
            while (true)
            {
                var current = pods.Cache.Snapshot();
                await LookUpDaemonSetsAsync(current, stop.Token).ConfigureAwait(false);
                var now = time.GetUtcNow();
                var next = Step(current, now);
                onProgress();
                if (snapshot.Phase == DrainPhase.Completed)
                {
                    LogCompleted(logger, request.NodeName, snapshot.EvictedPods);
                    return;
                }

                var wait = next - time.GetUtcNow();
                var bounded = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait;
                await wake.WaitAsync(bounded, stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await watching.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The pod watch ends with the drain.
            }
        }
    }

    // One look at the node: decide every pod, start the evictions that may start, publish progress. Returns when to look again.
    private DateTimeOffset Step(IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var next = now + TimeSpan.FromSeconds(5);
        var pending = new List<V1Pod>();
        var refused = new List<string>();
        var toEvict = new List<V1Pod>();
        foreach (var pod in pods.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var decision = PodFilters.Decide(pod, request.Policy, now, DaemonSetExists);
            var uid = pod.Metadata.Uid;
            switch (decision.Verdict)
            {
                case PodVerdict.Skip:
                    continue;
                case PodVerdict.Refuse:
                    refused.Add($"{Name(pod)}: {decision.Reason}");
                    pending.Add(pod);
                    break;
                case PodVerdict.WaitForTermination:
                    pending.Add(pod);
                    break;
                default:
                    if (request.DryRun && evicted.ContainsKey(uid))
                    {
                        continue;
                    }

                    pending.Add(pod);
                    if (!evicted.ContainsKey(uid) && !inFlight.ContainsKey(uid))
                    {
                        toEvict.Add(pod);
                    }

                    break;
            }

            seen.Add(uid);
        }

        if (pending.Count == 0)
        {
            Publish(DrainPhase.Completed, pending, refused);
            return now;
        }

        if (now >= request.Deadline && !deadlineApplied)
        {
            deadlineApplied = true;
            ApplyDeadline(pending, refused, now);
        }
        else if (!deadlineApplied || request.AtDeadline == DeadlinePolicy.Report)
        {
            foreach (var pod in toEvict)
            {
                if (inFlight.Count >= options.EvictionParallelism)
                {
                    break;
                }

                if (retries.TryGetValue(pod.Metadata.Uid, out var retry) && retry.At > now)
                {
                    next = retry.At < next ? retry.At : next;
                    continue;
                }

                if (!deadlineApplied)
                {
                    Start(pod, now);
                }
            }
        }

        if (!deadlineApplied && request.Deadline < next)
        {
            next = request.Deadline;
        }

        Publish(DrainPhase.Running, pending, refused);
        return next;
    }

    private void Start(V1Pod pod, DateTimeOffset now)
    {
        var grace = DrainDeadline.CapGracePeriod(pod.Spec?.TerminationGracePeriodSeconds, request.Deadline, now);
        Launch(pod, request.Deadline, () => request.DryRun
            ? Task.FromResult(new EvictionOutcome(EvictionResult.Evicted))
            : PodFilters.IsFinished(pod)
                ? evictor.DeleteAsync(pod, grace, CancellationToken.None)
                : evictor.EvictAsync(pod, grace, CancellationToken.None));
    }

    // One request for one pod in the background (a slow API call never holds the drain's loop), at the work's priority.
    private void Launch(V1Pod pod, DateTimeOffset due, Func<Task<EvictionOutcome>> call)
    {
        var uid = pod.Metadata.Uid;
        inFlight[uid] = 0;
        _ = Task.Run(async () =>
        {
            using var priority = RequestPriority.Until(due);
            try
            {
                await RecordAsync(pod, await call().ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await RecordAsync(pod, new EvictionOutcome(EvictionResult.Failed, Message: e.Message)).ConfigureAwait(false);
            }
            finally
            {
                inFlight.TryRemove(uid, out _);
                Wake();
            }
        });
    }

    private async Task RecordAsync(V1Pod pod, EvictionOutcome outcome)
    {
        var uid = pod.Metadata.Uid;
        metrics.Eviction(outcome.Result);
        switch (outcome.Result)
        {
            case EvictionResult.Evicted:
                evicted[uid] = 0;
                retries.TryRemove(uid, out _);
                Interlocked.Increment(ref evictedCount);
                LogEvicted(logger, request.NodeName, Name(pod), request.DryRun);
                break;
            case EvictionResult.Gone:
                evicted[uid] = 0;
                retries.TryRemove(uid, out _);
                break;
            default:
                var failures = (retries.TryGetValue(uid, out var before) ? before.Failures : 0) + 1;
                var delay = outcome.Result == EvictionResult.MultipleBudgets
                    ? RetryDelay.Max
                    : RetryDelay.Next(failures, options.EvictionRetryDelay, Random.Shared.NextDouble(), outcome.RetryAfter);
                retries[uid] = new PodRetry(time.GetUtcNow() + delay, failures, outcome.Result == EvictionResult.Blocked ? outcome.BlockedBy : null);
                if (outcome.Result == EvictionResult.Blocked)
                {
                    metrics.EvictionRetry();
                    LogBlocked(logger, request.NodeName, Name(pod), outcome.BlockedBy ?? "(unnamed)", delay);
                    if (outcome.BlockedBy is { } budget && warnedBudgets.Add(budget))
                    {
                        await publish(Reasons.EvictionBlocked,
                            $"Eviction of {Name(pod)} is refused by PodDisruptionBudget {budget}: {outcome.Message}. Retrying when the budget allows a disruption.",
                            EventType.Warning).ConfigureAwait(false);
                    }
                }
                else
                {
                    lastError = $"{Name(pod)}: {outcome.Message}";
                    LogEvictionFailed(logger, request.NodeName, Name(pod), outcome.Message ?? outcome.Result.ToString(), delay);
                }

                break;
        }
    }

    private void ApplyDeadline(List<V1Pod> pending, List<string> refused, DateTimeOffset now)
    {
        var names = string.Join(", ", pending.Select(Name).Take(20));
        if (request.AtDeadline == DeadlinePolicy.Report || request.DryRun)
        {
            _ = publish(Reasons.DrainDeadlineExceeded,
                $"The drain deadline {request.Deadline:u} passed with {pending.Count} pod(s) left: {names}. They are left running (DeadlinePolicy=Report{(request.DryRun ? ", dry run" : string.Empty)}).",
                EventType.Warning);
            return;
        }

        _ = publish(Reasons.DrainDeadlineExceeded,
            $"The drain deadline {request.Deadline:u} passed with {pending.Count} pod(s) left: {names}. Deleting them gracefully, ignoring their PodDisruptionBudgets: the VM goes down at {request.NotBefore?.ToString("u") ?? "any moment"}.",
            EventType.Warning);
        var endBy = request.NotBefore ?? now + TimeSpan.FromSeconds(1);
        foreach (var pod in pending.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            var grace = DrainDeadline.CapGracePeriod(pod.Spec?.TerminationGracePeriodSeconds, endBy, now);
            Launch(pod, endBy, () => evictor.DeleteAsync(pod, grace, CancellationToken.None));
        }
    }

    private void Publish(DrainPhase phase, List<V1Pod> pending, List<string> refused)
    {
        var blocked = pending
            .Select(p => retries.TryGetValue(p.Metadata.Uid, out var r) ? r.BlockedBy : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        snapshot = new DrainSnapshot(phase, seen.Count, Volatile.Read(ref evictedCount), pending.Select(Name).ToList(), blocked, refused, deadlineApplied, lastError);
    }

    // A budget that allows a disruption again releases the pods it blocked at once, instead of after their retry delay.
    private void OnBudgetChange(EntityChange<V1PodDisruptionBudget> change)
    {
        if (change.Type == EntityChangeType.Deleted || change.Current.Status?.DisruptionsAllowed is > 0)
        {
            var key = $"{change.Current.Metadata.NamespaceProperty}/{change.Current.Metadata.Name}";
            var released = false;
            foreach (var (uid, retry) in retries)
            {
                if (retry.BlockedBy == key && retries.TryUpdate(uid, retry with { At = DateTimeOffset.MinValue }, retry))
                {
                    released = true;
                }
            }

            if (released)
            {
                Wake();
            }
        }
    }

    // Whether each DaemonSet that owns a pod here still exists, asked before a look at the node (which stays
    // synchronous) and remembered for the drain. The drain's token goes with each read: a silent API server must not
    // hold a drain that is being stopped.
    private async Task LookUpDaemonSetsAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        foreach (var pod in pods)
        {
            if (PodFilters.ControllerOf(pod) is not { Kind: "DaemonSet" } owner)
            {
                continue;
            }

            var key = $"{pod.Metadata.NamespaceProperty}/{owner.Name}";
            if (!daemonSets.ContainsKey(key))
            {
                daemonSets[key] = await DaemonSetExistsAsync(pod.Metadata.NamespaceProperty, owner.Name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> DaemonSetExistsAsync(string namespaceName, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.ReadNamespacedDaemonSetAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Unknown: assume it exists, so the pod is skipped rather than evicted by mistake.
            return true;
        }
    }

    // Not looked up (cannot happen: every look is preceded by the lookup) counts as existing, the cautious answer.
    private bool DaemonSetExists(string namespaceName, string name) =>
        !daemonSets.TryGetValue($"{namespaceName}/{name}", out var exists) || exists;

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private static string Name(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    // The drain reads only these fields; the per-node cache keeps nothing else.
    private static V1Pod SlimPod(V1Pod pod) => new()
    {
        ApiVersion = pod.ApiVersion,
        Kind = pod.Kind,
        Metadata = new V1ObjectMeta
        {
            Name = pod.Metadata.Name,
            NamespaceProperty = pod.Metadata.NamespaceProperty,
            Uid = pod.Metadata.Uid,
            ResourceVersion = pod.Metadata.ResourceVersion,
            DeletionTimestamp = pod.Metadata.DeletionTimestamp,
            OwnerReferences = pod.Metadata.OwnerReferences,
            Labels = pod.Metadata.Labels,
            Annotations = pod.Metadata.Annotations,
        },
        Spec = pod.Spec is null ? null : new V1PodSpec
        {
            NodeName = pod.Spec.NodeName,
            TerminationGracePeriodSeconds = pod.Spec.TerminationGracePeriodSeconds,
            Volumes = pod.Spec.Volumes?.Where(v => v.EmptyDir is not null).ToList(),
            Containers = [],
        },
        Status = pod.Status is null ? null : new V1PodStatus { Phase = pod.Status.Phase },
    };

    private sealed record PodRetry(DateTimeOffset At, int Failures, string? BlockedBy);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Draining node {Node}; deadline {Deadline}")]
    private static partial void LogStarted(ILogger logger, string node, DateTimeOffset deadline);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Node {Node} drained: {Evicted} pods evicted")]
    private static partial void LogCompleted(ILogger logger, string node, int evicted);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Node {Node}: evicted {Pod} (dry run: {DryRun})")]
    private static partial void LogEvicted(ILogger logger, string node, string pod, bool dryRun);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Node {Node}: eviction of {Pod} refused by {Budget}; retrying in {Delay} or when the budget allows")]
    private static partial void LogBlocked(ILogger logger, string node, string pod, string budget, TimeSpan delay);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Node {Node}: eviction of {Pod} failed: {Reason}; retrying in {Delay}")]
    private static partial void LogEvictionFailed(ILogger logger, string node, string pod, string reason, TimeSpan delay);
}
