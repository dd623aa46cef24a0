using System.Text.RegularExpressions;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Entities;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Drain;

/// <summary>
/// The one place that evicts or deletes pods. Evictions go through the Eviction API (<c>policy/v1</c>, or
/// <c>policy/v1beta1</c> on servers that serve only that, as kubectl does; a plain DELETE where the server has no
/// eviction subresource), carry the pod's UID as a precondition so that a pod re-created under the same name is never
/// evicted by mistake, and a grace period capped by the caller.
/// </summary>
public sealed partial class PodEvictor
{
    private readonly IKubernetes client;
    private readonly SemaphoreSlim discovery = new(1, 1);
    private string? evictionVersion;

    /// <summary>Creates the evictor.</summary>
    /// <param name="client">The Kubernetes client.</param>
    public PodEvictor(IKubernetes client) => this.client = client;

    /// <summary>Evicts <paramref name="pod"/>.</summary>
    /// <param name="pod">The pod as cached (its UID is the precondition).</param>
    /// <param name="gracePeriodSeconds">The grace period to ask for; null for the pod's own.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<EvictionOutcome> EvictAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var version = await EvictionVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version.Length == 0)
        {
            return await DeleteAsync(pod, gracePeriodSeconds, cancellationToken).ConfigureAwait(false);
        }

        var eviction = new V1Eviction
        {
            ApiVersion = version,
            Kind = EntityDefinition.For<V1Eviction>().Kind,
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
            DeleteOptions = Options(pod, gracePeriodSeconds),
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return new EvictionOutcome(EvictionResult.Evicted);
        }
        catch (Exception e) when (ApiErrors.StatusCode(e) is not null)
        {
            return Classify(pod, e);
        }
    }

    /// <summary>Deletes <paramref name="pod"/> directly, ignoring its budgets (the deadline policy, or no Eviction API).</summary>
    /// <param name="pod">The pod as cached.</param>
    /// <param name="gracePeriodSeconds">The grace period; null for the pod's own.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<EvictionOutcome> DeleteAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, Options(pod, gracePeriodSeconds),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new EvictionOutcome(EvictionResult.Evicted);
        }
        catch (Exception e) when (ApiErrors.StatusCode(e) is not null)
        {
            return Classify(pod, e);
        }
    }

    /// <summary>Reads the PodDisruptionBudget's name out of a 429's cause (<c>The disruption budget NAME ...</c>).</summary>
    /// <param name="message">The cause or status message.</param>
    public static string? BudgetNameIn(string? message) =>
        message is null ? null : BudgetName().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    private static V1DeleteOptions Options(V1Pod pod, long? gracePeriodSeconds) => new()
    {
        GracePeriodSeconds = gracePeriodSeconds,
        Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
    };

    /// <summary>What a refused eviction or deletion means for the drain.</summary>
    /// <param name="pod">The pod the request was for.</param>
    /// <param name="e">The API error.</param>
    internal static EvictionOutcome Classify(V1Pod pod, Exception e)
    {
        var status = ApiErrors.Status(e);
        var message = ApiErrors.Message(e);
        if (ApiErrors.IsNotFound(e))
        {
            return new EvictionOutcome(EvictionResult.Gone, Message: message);
        }

        if (ApiErrors.StatusCode(e) == System.Net.HttpStatusCode.Conflict)
        {
            // The server lost every race to spend a disruption on the budget (its retries ran out while other evictions
            // updated it): the pod is still there and may be evicted on a later try.
            if (status?.Details?.Kind == "poddisruptionbudgets")
            {
                return new EvictionOutcome(EvictionResult.Failed, RetryAfter: ApiErrors.RetryAfter(e), Message: message);
            }

            // The UID precondition failed: the pod of that name is another one now (a StatefulSet re-created it).
            return new EvictionOutcome(EvictionResult.Gone, Message: message);
        }

        if (ApiErrors.IsTooManyRequests(e))
        {
            var cause = status?.Details?.Causes?.FirstOrDefault(c => c.Reason == "DisruptionBudget")?.Message;
            var budget = BudgetNameIn(cause) ?? BudgetNameIn(message);
            return new EvictionOutcome(EvictionResult.Blocked, budget is null ? null : $"{pod.Metadata.NamespaceProperty}/{budget}",
                ApiErrors.RetryAfter(e), cause ?? message);
        }

        if ((int?)ApiErrors.StatusCode(e) == 500 && message.Contains("more than one PodDisruptionBudget", StringComparison.OrdinalIgnoreCase))
        {
            return new EvictionOutcome(EvictionResult.MultipleBudgets, Message: message);
        }

        return new EvictionOutcome(EvictionResult.Failed, RetryAfter: ApiErrors.RetryAfter(e), Message: message);
    }

    // Which apiVersion the server's pods/eviction subresource takes (kubectl's CheckEvictionSupport); empty for none.
    private async Task<string> EvictionVersionAsync(CancellationToken cancellationToken)
    {
        if (evictionVersion is { } known)
        {
            return known;
        }

        await discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (evictionVersion is null)
            {
                var resources = await client.CoreV1.GetAPIResourcesAsync(cancellationToken).ConfigureAwait(false);
                // The server names the version it serves evictions in (policy/v1beta1 on v1.20); the model knows the group.
                var definition = EntityDefinition.For<V1Eviction>();
                var policy = definition.Group;
                var eviction = resources.Resources?.FirstOrDefault(r => r.Name == $"{definition.SubresourceOf}/{definition.Plural}");
                evictionVersion = eviction is null ? string.Empty
                    : eviction.Group == policy && eviction.Version is { Length: > 0 } v ? $"{policy}/{v}"
                    : $"{policy}/v1beta1";
            }

            return evictionVersion;
        }
        finally
        {
            discovery.Release();
        }
    }

    [GeneratedRegex(@"disruption budget ([a-z0-9]([-a-z0-9.]*[a-z0-9])?)", RegexOptions.IgnoreCase)]
    private static partial Regex BudgetName();
}
