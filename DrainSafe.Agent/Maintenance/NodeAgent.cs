using System.Text.Json;
using System.Threading.Channels;
using DrainSafe.Agent.Health;
using DrainSafe.Agent.Imds;
using DrainSafe.Agent.Kubernetes;
using DrainSafe.Agent.Metrics;
using DrainSafe.Agent.Options;
using DrainSafe.Agent.Retry;
using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Watch;
using k8s.Autorest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Agent.Maintenance;

/// <summary>
/// The agent's loop. Every poll interval it reads IMDS; when the events that list this VM change it merge-patches
/// the node's NodeMaintenance spec (never otherwise); when the operator has listed an event in
/// <c>status.approvableEventIds</c> and IMDS still shows it Scheduled, it approves it with IMDS once and records it in
/// <c>status.approvedEventIds</c>. A watch of its own object (fieldSelector on its name) brings approvability and
/// deletions: a change wakes the loop at once, so an approval follows within one API round trip plus one IMDS POST,
/// and a deleted NodeMaintenance is re-created as soon as the watch delivers the DELETED event (normally well
/// under a second; if the watch is broken, at the latest when it is re-established or a write meets 404).
/// Each kind of call (IMDS reads, API server calls, approvals) has its own <see cref="RetryBackoff"/>.
/// </summary>
internal sealed class NodeAgent : BackgroundService
{
    private readonly AgentOptions options;
    private readonly ImdsClient imds;
    private readonly NodeMaintenanceApi api;
    private readonly AgentHealth health;
    private readonly AgentMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string nodeName;
    private readonly RetryBackoff imdsBackoff;
    private readonly RetryBackoff apiBackoff;
    private readonly RetryBackoff approvalBackoff;
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<string> seenEventIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> approved = new(StringComparer.OrdinalIgnoreCase);

    private string? vmName;
    private ImdsSnapshot? lastGood;
    private bool malformedLogged;
    private int backwardAnswers;
    private bool objectKnown;
    private NodeMaintenanceSpec? written;
    private bool approvalsUnrecorded;
    private volatile NodeMaintenance? observed;
    private volatile bool objectGone;
    private volatile bool watchWorking;

    public NodeAgent(IOptions<AgentOptions> options, ImdsClient imds, NodeMaintenanceApi api, AgentHealth health, AgentMetrics metrics,
        TimeProvider time, ILogger<NodeAgent> logger)
    {
        this.options = options.Value;
        this.imds = imds;
        this.api = api;
        this.health = health;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        nodeName = this.options.NodeName!;
        vmName = string.IsNullOrWhiteSpace(this.options.VmName) ? null : this.options.VmName.Trim();
        imdsBackoff = NewBackoff();
        apiBackoff = NewBackoff();
        approvalBackoff = NewBackoff();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AgentLog.Starting(logger, nodeName, imds.BaseAddress, options.PollInterval);
        if (vmName is not null)
        {
            AgentLog.VmNameKnown(logger, nodeName, vmName, "configuration");
        }

        var watch = Task.Run(() => WatchOwnObjectAsync(stoppingToken), CancellationToken.None);
        var nextPollAt = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var polled = now >= nextPollAt;
                if (polled)
                {
                    await ReadImdsAsync(stoppingToken).ConfigureAwait(false);
                    nextPollAt = Later(now + options.PollInterval, imdsBackoff.NextAttemptAt);
                }

                if (vmName is not null && lastGood is not null)
                {
                    await SyncWithApiServerAsync(polled, stoppingToken).ConfigureAwait(false);
                }

                await WaitAsync(nextPollAt - time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            AgentLog.Stopping(logger, nodeName);
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private RetryBackoff NewBackoff() => new(options.RetryInitialDelay, options.RetryMaxDelay, time);

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, time, waiting.Token);
        var woken = wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(timer, woken).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Wake() => wake.Writer.TryWrite(true);

    private async Task ReadImdsAsync(CancellationToken cancellationToken)
    {
        if (vmName is null)
        {
            var name = await imds.GetVmNameAsync(cancellationToken).ConfigureAwait(false);
            if (name.Outcome == ImdsOutcome.Answered)
            {
                vmName = name.Value!;
                imdsBackoff.RecordSuccess();
                AgentLog.VmNameKnown(logger, nodeName, vmName, "IMDS compute name");
            }
            else
            {
                ImdsFailed(name);
            }

            if (vmName is null)
            {
                return;
            }
        }

        metrics.Poll();
        var answer = await imds.GetScheduledEventsAsync(cancellationToken).ConfigureAwait(false);
        switch (answer.Outcome)
        {
            case ImdsOutcome.Answered:
                if (imdsBackoff.Failures > 0)
                {
                    AgentLog.ImdsRecovered(logger, nodeName, imdsBackoff.Failures);
                }

                imdsBackoff.RecordSuccess();
                malformedLogged = false;
                health.ImdsAnswered();
                if (TakeDocument(answer.Value!))
                {
                    NoteNewEvents(lastGood!);
                    ForgetApprovalsOfEventsGone();
                }

                break;
            case ImdsOutcome.Malformed:
                // No new information: the last good document stays; it is not a throttle, so no backoff either.
                metrics.ImdsError(answer.ErrorLabel);
                if (!malformedLogged)
                {
                    malformedLogged = true;
                    AgentLog.MalformedDocument(logger, nodeName, answer.Problem, lastGood?.DocumentIncarnation);
                }

                break;
            default:
                ImdsFailed(answer);
                break;
        }
    }

    // Applies IncarnationCheck: a lower incarnation is held once, then trusted for its content.
    private bool TakeDocument(ImdsSnapshot document)
    {
        var verdict = IncarnationCheck.Judge(lastGood?.DocumentIncarnation, backwardAnswers, document.DocumentIncarnation);
        backwardAnswers = verdict.BackwardAnswersInARow;
        if (verdict.WentBackwards)
        {
            metrics.ImdsIncarnationWentBackwards(verdict.Take);
            if (verdict.Take)
            {
                AgentLog.IncarnationStartedOver(logger, nodeName, document.DocumentIncarnation, lastGood!.DocumentIncarnation);
            }
            else
            {
                AgentLog.IncarnationWentBackwards(logger, nodeName, document.DocumentIncarnation, lastGood!.DocumentIncarnation);
            }
        }

        if (verdict.Take)
        {
            lastGood = document;
        }

        return verdict.Take;
    }

    private void ImdsFailed<T>(ImdsAnswer<T> answer)
        where T : class
    {
        metrics.ImdsError(answer.ErrorLabel);
        var delay = imdsBackoff.RecordFailure();
        AgentLog.ImdsFailed(logger, nodeName, answer.ErrorLabel, answer.Problem, imdsBackoff.Failures, delay);
    }

    private void NoteNewEvents(ImdsSnapshot snapshot)
    {
        foreach (var e in MaintenanceSpecs.EventsForVm(snapshot, vmName!))
        {
            if (seenEventIds.Add(e.EventId))
            {
                var type = e.UnrecognizedValues?.TryGetValue(ImdsFieldNames.EventType, out var raw) == true ? raw : e.EventType.ToString();
                metrics.EventSeen(type);
                AgentLog.EventSeen(logger, nodeName, e.EventId, type, e.EventStatus.ToString());
            }
        }
    }

    // An EventId never comes back once it has left the document: its approval can no longer be repeated, so its record goes.
    private void ForgetApprovalsOfEventsGone()
    {
        var listed = new HashSet<string>(lastGood!.Events.Select(e => e.EventId), StringComparer.OrdinalIgnoreCase);
        approved.RemoveWhere(id => !listed.Contains(id));
        if (objectKnown && RecordIsOutOfDate(observed?.Status?.ApprovedEventIds ?? []))
        {
            approvalsUnrecorded = true;
        }
    }

    private bool RecordIsOutOfDate(IList<string> recorded) =>
        !ApprovalDecision.ApprovalRecord(recorded, approved, lastGood!).SequenceEqual(recorded, StringComparer.OrdinalIgnoreCase);

    private async Task SyncWithApiServerAsync(bool polled, CancellationToken cancellationToken)
    {
        if (objectGone)
        {
            objectGone = false;
            if (objectKnown)
            {
                objectKnown = false;
                AgentLog.Deleted(logger, nodeName);
            }
        }

        if (apiBackoff.IsDue)
        {
            await RunApiStepAsync("spec", WriteSpecAsync, cancellationToken).ConfigureAwait(false);
        }

        if (polled && objectKnown && apiBackoff.IsDue && (watchWorking ? AwaitsApproval() : MaintenanceSpecs.EventsForVm(lastGood!, vmName!).Count > 0))
        {
            // Approvability is read with at most one GET per IMDS poll while an event waits for it (a watch that looks healthy
            // may still be late, and a missed approval costs the maintenance its early start); with no event pending, nothing is read.
            await RunApiStepAsync("read", RefreshObservedAsync, cancellationToken).ConfigureAwait(false);
        }

        if (objectKnown && approvalBackoff.IsDue)
        {
            await ApproveAsync(cancellationToken).ConfigureAwait(false);
        }

        if (objectKnown && approvalsUnrecorded && apiBackoff.IsDue)
        {
            await RunApiStepAsync("status", RecordApprovalsAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    // A Scheduled event for this VM that the agent has not approved yet.
    private bool AwaitsApproval()
    {
        var approved = observed?.Status?.ApprovedEventIds ?? [];
        return MaintenanceSpecs.EventsForVm(lastGood!, vmName!).Any(e =>
            e.EventStatus == ScheduledEventStatus.Scheduled && !approved.Contains(e.EventId, StringComparer.OrdinalIgnoreCase));
    }

    private async Task RunApiStepAsync(string step, Func<CancellationToken, Task<bool>> action, CancellationToken cancellationToken)
    {
        try
        {
            if (await action(cancellationToken).ConfigureAwait(false))
            {
                apiBackoff.RecordSuccess();
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (step != "read")
            {
                metrics.ApiWrite(step, succeeded: false); // For "spec" this includes a failed GET of the object before the write.
            }

            var delay = apiBackoff.RecordFailure();
            AgentLog.ApiFailed(logger, nodeName, step, e.Message, apiBackoff.Failures, delay);
        }
    }

    /// <summary>Makes sure the object exists (create or adopt), then writes the spec if what it says changed.</summary>
    private async Task<bool> WriteSpecAsync(CancellationToken cancellationToken)
    {
        var desired = MaintenanceSpecs.Desired(nodeName, vmName!, lastGood!);
        if (!objectKnown && !await EnsureObjectAsync(desired, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (MaintenanceSpecs.SaysTheSame(written, desired))
        {
            return true;
        }

        if (await api.PatchSpecAsync(desired, cancellationToken).ConfigureAwait(false) is null)
        {
            objectKnown = false;
            return false;
        }

        metrics.ApiWrite("spec", succeeded: true);
        written = desired;
        AgentLog.SpecWritten(logger, nodeName, desired.DocumentIncarnation, string.Join(",", desired.Events.Select(e => $"{e.EventId}:{e.EventStatus}")));
        return true;
    }

    private async Task<bool> EnsureObjectAsync(NodeMaintenanceSpec desired, CancellationToken cancellationToken)
    {
        var existing = await api.GetAsync(nodeName, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            if (await api.GetNodeUidAsync(nodeName, cancellationToken).ConfigureAwait(false) is not { } uid)
            {
                var delay = apiBackoff.RecordFailure();
                AgentLog.NodeMissing(logger, nodeName, apiBackoff.Failures, delay);
                return false;
            }

            var created = await api.CreateAsync(desired, uid, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                return false; // 409: it appeared meanwhile; adopt it on the next pass.
            }

            metrics.ApiWrite("create", succeeded: true);
            AgentLog.Created(logger, nodeName, desired.VmName, desired.Events.Count);
            written = desired;
            observed ??= created;
            approvalsUnrecorded = approved.Count > 0; // re-created after a deletion: restore the durable record.
        }
        else
        {
            var recorded = existing.Status?.ApprovedEventIds ?? [];
            approved.UnionWith(recorded.Where(id => lastGood!.Events.Any(e => string.Equals(e.EventId, id, StringComparison.OrdinalIgnoreCase))));
            approvalsUnrecorded = RecordIsOutOfDate(recorded); // approvals made while it was away, or records of events gone since
            written = existing.Spec;
            observed ??= existing;
            AgentLog.Adopted(logger, nodeName, recorded.Count);
        }

        objectKnown = true;
        return true;
    }

    private async Task<bool> RefreshObservedAsync(CancellationToken cancellationToken)
    {
        var current = await api.GetAsync(nodeName, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            objectKnown = false;
            return false;
        }

        observed = current;
        return true;
    }

    private async Task ApproveAsync(CancellationToken cancellationToken)
    {
        var status = observed?.Status;
        var toApprove = ApprovalDecision.EventsToApprove(
            status?.ApprovableEventIds ?? [],
            MaintenanceSpecs.EventsForVm(lastGood!, vmName!),
            approved.Concat(status?.ApprovedEventIds ?? []));
        if (toApprove.Count == 0)
        {
            return;
        }

        var answer = await imds.ApproveAsync(toApprove, cancellationToken).ConfigureAwait(false);
        if (answer.Outcome != ImdsOutcome.Answered)
        {
            metrics.ImdsError(answer.ErrorLabel);
            var delay = approvalBackoff.RecordFailure();
            AgentLog.ApprovalFailed(logger, nodeName, string.Join(",", toApprove), answer.ErrorLabel, answer.Problem, approvalBackoff.Failures, delay);
            return;
        }

        approvalBackoff.RecordSuccess();
        approved.UnionWith(toApprove);
        approvalsUnrecorded = true;
        metrics.Approved(toApprove.Count);
        foreach (var id in toApprove)
        {
            AgentLog.Approved(logger, nodeName, id);
        }
    }

    private async Task<bool> RecordApprovalsAsync(CancellationToken cancellationToken)
    {
        var all = ApprovalDecision.ApprovalRecord(observed?.Status?.ApprovedEventIds ?? [], approved, lastGood!);
        if (await api.PatchApprovedEventIdsAsync(nodeName, all, cancellationToken).ConfigureAwait(false) is not { } patched)
        {
            objectKnown = false;
            return false;
        }

        metrics.ApiWrite("status", succeeded: true);
        approvalsUnrecorded = false;
        // What the record says now, even before the watch brings it (with a broken watch it might never): no rewrite next poll.
        observed = patched;
        AgentLog.ApprovalsRecorded(logger, nodeName, string.Join(",", all));
        return true;
    }

    /// <summary>Keeps <see cref="observed"/> current and wakes the loop on every change of the agent's own object.</summary>
    private async Task WatchOwnObjectAsync(CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTimeOffset? opened = null;
            var changes = 0;
            try
            {
                if (resourceVersion is null)
                {
                    var (current, listVersion) = await api.ListOwnAsync(nodeName, cancellationToken).ConfigureAwait(false);
                    resourceVersion = listVersion;
                    Observe(current);
                }

                await foreach (var change in api.WatchOwnAsync(nodeName, resourceVersion, options.WatchTimeout, () => (watchWorking, opened) = (true, time.GetUtcNow()), cancellationToken).ConfigureAwait(false))
                {
                    changes++;
                    if (change.ResourceVersion.Length > 0)
                    {
                        resourceVersion = change.ResourceVersion;
                    }

                    if (change.Type is "ADDED" or "MODIFIED")
                    {
                        Observe(change.Object);
                    }
                    else if (change.Type == "DELETED")
                    {
                        Observe(null);
                    }
                }

                // A watch that ends at once and empty is a failure in disguise: do not spin on it.
                if (!WatchHealth.WasHealthy(changes, time.GetUtcNow() - opened))
                {
                    watchWorking = false;
                    await Task.Delay(backoff.RecordFailure(), time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    backoff.RecordSuccess();
                }
            }
            catch (WatchExpiredException)
            {
                watchWorking = false;
                resourceVersion = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException or IOException or OperationCanceledException)
            {
                watchWorking = false;
                if (WatchHealth.WasHealthy(changes, time.GetUtcNow() - opened))
                {
                    // It worked until now: this is a first failure, not one more in a row.
                    backoff.RecordSuccess();
                }

                var delay = backoff.RecordFailure();
                AgentLog.WatchFailed(logger, nodeName, e.Message, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Observe(NodeMaintenance? current)
    {
        observed = current;
        if (current is null)
        {
            objectGone = true;
        }

        Wake();
    }
}
