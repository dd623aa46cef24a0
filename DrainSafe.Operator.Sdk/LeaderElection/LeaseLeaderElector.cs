using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Abstractions.Rbac;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules: a follower takes over only
/// when the holder has not renewed for a full lease duration as measured on the follower's own clock
/// (no trust in the holder's timestamps); every write is conditional on the Lease's resourceVersion; the
/// leader gives up when it cannot renew within the renew deadline or sees another holder. Written here
/// rather than using KubernetesClient's LeaderElector so that time comes from <see cref="TimeProvider"/>.
/// </summary>
[EntityRbac(typeof(V1Lease), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Update)]
public sealed partial class LeaseLeaderElector
{
    private readonly IKubernetes client;
    private static readonly LeaderElectionSettingsValidator SettingsRules = new();

    private readonly LeaderElectionSettings settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private string? observedResourceVersion;
    private DateTimeOffset observedAt;

    /// <summary>Creates an elector; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="client">Reads and writes the Lease.</param>
    /// <param name="settings">Lease name, namespace, identity and durations.</param>
    /// <param name="timeProvider">The clock for expiry, renewals and retries.</param>
    /// <param name="logger">Where transitions are reported.</param>
    public LeaseLeaderElector(IKubernetes client, LeaderElectionSettings settings, TimeProvider timeProvider, ILogger logger)
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
    }

    private enum Attempt
    {
        Held,
        HeldByOther,
        Failed,
    }

    /// <summary>
    /// Campaigns until this instance leads, calls <paramref name="onStartedLeading"/>, then renews until
    /// leadership is lost and returns. When cancelled while leading, the Lease is released so that a
    /// follower can take over at once, and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <param name="onStartedLeading">Called once when this instance becomes leader.</param>
    /// <param name="cancellationToken">Stops campaigning or leading.</param>
    public async Task RunAsync(Action onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        var acquiredAt = timeProvider.GetUtcNow();
        while (await TryAcquireOrRenewAsync(settings.RenewDeadline, cancellationToken).ConfigureAwait(false) != Attempt.Held)
        {
            await Task.Delay(Jittered(settings.RetryPeriod), timeProvider, cancellationToken).ConfigureAwait(false);
            acquiredAt = timeProvider.GetUtcNow();
        }

        LogAcquired(logger, settings.Identity, settings.LeaseNamespace, settings.LeaseName);
        onStartedLeading();
        try
        {
            await RenewUntilLostAsync(acquiredAt, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Leadership ends no later than RenewDeadline after the last renewal was sent, whatever a call is doing:
    // followers wait a whole LeaseDuration (> RenewDeadline) from when they saw that renewal, so no two lead at once.
    private async Task RenewUntilLostAsync(DateTimeOffset lastRenewal, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = lastRenewal + settings.RenewDeadline - timeProvider.GetUtcNow();
            var pause = remaining < settings.RetryPeriod ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : settings.RetryPeriod;
            await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            var sentAt = timeProvider.GetUtcNow();
            remaining = lastRenewal + settings.RenewDeadline - sentAt;
            if (remaining <= TimeSpan.Zero)
            {
                LogRenewDeadlinePassed(logger, settings.Identity, settings.LeaseName, settings.RenewDeadline);
                return;
            }

            var attempt = await TryAcquireOrRenewAsync(remaining, cancellationToken).ConfigureAwait(false);
            if (attempt == Attempt.Held)
            {
                lastRenewal = sentAt;
                continue;
            }

            if (attempt == Attempt.HeldByOther)
            {
                LogTakenOver(logger, settings.Identity, settings.LeaseName);
                return;
            }
        }
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        // One hung call must not outlive the renew deadline.
        using var bounded = new CancellationTokenSource(budget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bounded.Token);
        try
        {
            return await TryAcquireOrRenewOnceAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogAttemptFailed(logger, null, settings.LeaseName, "timed out");
            return Attempt.Failed;
        }
        catch (HttpOperationException e) when (ApiErrors.StatusCode(e) == HttpStatusCode.Conflict)
        {
            return Attempt.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAttemptFailed(logger, e, settings.LeaseName, e.Message);
            return Attempt.Failed;
        }
    }

    private async Task<Attempt> TryAcquireOrRenewOnceAsync(CancellationToken cancellationToken)
    {
        var lease = await ReadLeaseAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var durationSeconds = (int)settings.LeaseDuration.TotalSeconds;
        if (lease is null)
        {
            var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = settings.LeaseName, NamespaceProperty = settings.LeaseNamespace },
                    Spec = new V1LeaseSpec
                    {
                        HolderIdentity = settings.Identity,
                        LeaseDurationSeconds = durationSeconds,
                        AcquireTime = now.UtcDateTime,
                        RenewTime = now.UtcDateTime,
                        LeaseTransitions = 0,
                    },
                },
                settings.LeaseNamespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Observe(created, now);
            return Attempt.Held;
        }

        Observe(lease, now);
        var spec = lease.Spec ?? new V1LeaseSpec();
        var holder = spec.HolderIdentity;
        var mine = holder == settings.Identity;
        var heldFor = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? durationSeconds);
        if (!mine && !string.IsNullOrEmpty(holder) && observedAt + heldFor > now)
        {
            return Attempt.HeldByOther;
        }

        lease.Spec = new V1LeaseSpec
        {
            HolderIdentity = settings.Identity,
            LeaseDurationSeconds = durationSeconds,
            AcquireTime = mine ? spec.AcquireTime ?? now.UtcDateTime : now.UtcDateTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = (spec.LeaseTransitions ?? 0) + (mine ? 0 : 1),
        };
        var replaced = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(
            lease, settings.LeaseName, settings.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        Observe(replaced, now);
        return Attempt.Held;
    }

    private async Task ReleaseAsync()
    {
        using var bounded = new CancellationTokenSource(settings.RenewDeadline, timeProvider);
        try
        {
            var lease = await ReadLeaseAsync(bounded.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            var now = timeProvider.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(
                lease, settings.LeaseName, settings.LeaseNamespace, cancellationToken: bounded.Token).ConfigureAwait(false);
            LogReleased(logger, settings.Identity, settings.LeaseName);
        }
        catch (Exception e)
        {
            // Best effort: followers take over after the lease duration anyway.
            LogAttemptFailed(logger, e, settings.LeaseName, "release failed");
        }
    }

    private async Task<V1Lease?> ReadLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(settings.LeaseName, settings.LeaseNamespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    // The holder is alive while the Lease keeps changing; expiry counts from when this instance saw the last change.
    private void Observe(V1Lease lease, DateTimeOffset now)
    {
        var version = lease.Metadata?.ResourceVersion;
        if (version != observedResourceVersion)
        {
            observedResourceVersion = version;
            observedAt = now;
        }
    }

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Identity} became leader on Lease {Namespace}/{Lease}")]
    private static partial void LogAcquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Identity} lost Lease {Lease}: another instance holds it")]
    private static partial void LogTakenOver(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Identity} could not renew Lease {Lease} within {RenewDeadline}")]
    private static partial void LogRenewDeadlinePassed(ILogger logger, string identity, string lease, TimeSpan renewDeadline);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Lease {Lease}: attempt failed ({Reason})")]
    private static partial void LogAttemptFailed(ILogger logger, Exception? exception, string lease, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "{Identity} released Lease {Lease}")]
    private static partial void LogReleased(ILogger logger, string identity, string lease);
}
