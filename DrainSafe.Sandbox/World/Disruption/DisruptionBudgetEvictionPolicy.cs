using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Eviction;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>
/// The eviction rules of a real API server, plugged into the sandbox API server: pods that are not Running or
/// already terminating bypass budgets; with more than one matching PDB the answer is 500; a PDB whose status has not
/// caught up answers 429; a PDB allowing no disruption answers 429 naming itself; otherwise the budget is decremented
/// and the pod recorded in <c>status.disruptedPods</c> with a conditional write, so two concurrent evictions can never
/// both spend the last allowed disruption; an eviction that loses every write race answers the budget's 409 Conflict.
/// </summary>
public sealed class DisruptionBudgetEvictionPolicy : IEvictionPolicy
{
    private const int MaxDisruptedPods = 2000;
    private const int ConflictAttempts = 10;
    private const string BudgetMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, byte> _evictedUids = new(StringComparer.Ordinal);

    /// <summary>Creates the policy on the world's clock.</summary>
    public DisruptionBudgetEvictionPolicy(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>
    /// Test seam: runs with the budget's name after the budget was read and before the decremented budget is written,
    /// so a test can make a competing write land in between.
    /// </summary>
    internal Action<string>? BeforeBudgetWrite { get; set; }

    /// <summary>Raised for every eviction decided (dry runs aside), on the thread of the request.</summary>
    public event Action<EvictionObservation>? Observed;

    /// <inheritdoc />
    public ValueTask<EvictionDecision> EvaluateAsync(EvictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pod = PodRecord.From(request.Pod);
        var (decision, observation) = Decide(pod, request.Store, request.DeleteOptions.DryRun);
        if (decision.IsAllowed && PreconditionFailure(pod, request.DeleteOptions) is { } conflict)
        {
            // Like current upstream (v1.20 too): the budget is spent before the delete checks the precondition, so a failed delete still costs a disruption.
            decision = EvictionDecision.Reject(conflict);
            observation = observation with { Outcome = EvictionOutcome.Refused, Message = conflict.Message, HealthyAfter = null };
        }

        if (request.DeleteOptions.DryRun)
        {
            // Nothing happened: recorders and reports see only real evictions.
            return ValueTask.FromResult(decision);
        }

        if (decision.IsAllowed)
        {
            _evictedUids.TryAdd(pod.Uid, 0);
        }

        Observed?.Invoke(observation);
        return ValueTask.FromResult(decision);
    }

    private static ApiStatus? PreconditionFailure(PodRecord pod, DeleteOptions options)
    {
        string? why = null;
        if (options.PreconditionUid is { Length: > 0 } uid && uid != pod.Uid)
        {
            why = $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod.Uid}";
        }
        else if (options.PreconditionResourceVersion is { Length: > 0 } version
                 && version != pod.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            why = $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {pod.ResourceVersion}";
        }

        return why is null ? null : ApiErrors.Conflict(BuiltInResources.Pods, pod.Name, why).Status;
    }

    private (EvictionDecision Decision, EvictionObservation Observation) Decide(PodRecord pod, ObjectStore store, bool dryRun)
    {
        // Mirror pods get no exemption (upstream has none): evicting one deletes the API object, and the kubelet recreates it.
        // Pods that are not running or already terminating cause no new disruption: no budget applies.
        if (pod.IsDeleting || pod.Phase is "Pending" or "Succeeded" or "Failed")
        {
            return (EvictionDecision.Allow, Observe(pod, EvictionOutcome.Allowed, null, null));
        }

        var budgets = store.List(BuiltInResources.PodDisruptionBudgets, new ListOptions { Namespace = pod.Namespace }).Items
            .Select(PdbRecord.From)
            .Where(b => b.Selector.Matches(pod.Labels))
            .ToList();
        if (budgets.Count == 0)
        {
            return (EvictionDecision.Allow, Observe(pod, EvictionOutcome.Allowed, null, null));
        }

        if (budgets.Count > 1)
        {
            const string message = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
            return (EvictionDecision.Reject(new ApiStatus(500, string.Empty, message)),
                Observe(pod, EvictionOutcome.MultipleBudgets, string.Join(",", budgets.Select(b => b.Name)), message));
        }

        return DecideUnderBudget(pod, budgets[0].Name, store, dryRun);
    }

    private (EvictionDecision Decision, EvictionObservation Observation) DecideUnderBudget(PodRecord pod, string budgetName, ObjectStore store, bool dryRun)
    {
        ApiStatus? conflict = null;
        for (var attempt = 0; attempt < ConflictAttempts; attempt++)
        {
            if (store.Get(BuiltInResources.PodDisruptionBudgets, pod.Namespace, budgetName) is not { } stored)
            {
                return (EvictionDecision.Allow, Observe(pod, EvictionOutcome.Allowed, null, null));
            }

            var budget = PdbRecord.From(stored);
            var status = budget.Status;

            // An unready pod does not count as healthy: evicting it costs the budget nothing while the budget holds.
            if (!pod.IsReady && (budget.AlwaysAllowUnhealthy || (status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0)))
            {
                return (EvictionDecision.Allow, Observe(pod, EvictionOutcome.Allowed, budget.Name, null, budget, store));
            }

            if (status.ObservedGeneration < budget.Generation)
            {
                var message = $"The disruption budget {budget.Name} is still being processed by the server.";
                return (EvictionDecision.DisruptionBudget(message), Observe(pod, EvictionOutcome.BudgetNotObserved, budget.Name, message));
            }

            if (status.DisruptionsAllowed < 0)
            {
                return Refuse(pod, budget, "pdb disruptions allowed is negative");
            }

            if (status.DisruptedPods.Count > MaxDisruptedPods)
            {
                return Refuse(pod, budget, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }

            if (status.DisruptionsAllowed == 0)
            {
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"The disruption budget {budget.Name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently");
                return (EvictionDecision.DisruptionBudget(message), Observe(pod, EvictionOutcome.BlockedByBudget, budget.Name, message, budget));
            }

            // A dry run passes every check but writes nothing, like the real server's checkAndDecrement.
            if (dryRun || (conflict = TryDecrement(stored, pod, store)) is null)
            {
                return (EvictionDecision.Allow, Observe(pod, EvictionOutcome.Allowed, budget.Name, null, budget, store));
            }
        }

        // Like upstream (retry.RetryOnConflict hands back the last conflict): the budget's write conflict, not a 429.
        return (EvictionDecision.Reject(conflict!), Observe(pod, EvictionOutcome.Refused, budgetName, conflict!.Message));
    }

    private (EvictionDecision Decision, EvictionObservation Observation) Refuse(PodRecord pod, PdbRecord budget, string why)
    {
        // Upstream names the resource in the singular here (policy.Resource("poddisruptionbudget")), unlike its other errors.
        var message = $"poddisruptionbudget.policy \"{budget.Name}\" is forbidden: {why}";
        return (EvictionDecision.Reject(new ApiStatus(403, "Forbidden", message) { DetailsName = budget.Name, DetailsGroup = "policy", DetailsKind = "poddisruptionbudget" }),
            Observe(pod, EvictionOutcome.Refused, budget.Name, message));
    }

    /// <summary>Spends one disruption on the budget version that was read; the 409 Conflict when it changed meanwhile.</summary>
    private ApiStatus? TryDecrement(StoredObject stored, PodRecord pod, ObjectStore store)
    {
        var obj = stored.ToJsonObject();
        var status = obj["status"] as JsonObject ?? [];
        obj["status"] = status;
        var allowed = ((int?)(status["disruptionsAllowed"] as JsonValue) ?? 0) - 1;
        status["disruptionsAllowed"] = allowed;
        if (status["disruptedPods"] is not JsonObject disrupted)
        {
            status["disruptedPods"] = disrupted = [];
        }

        disrupted[pod.Name] = Timestamps.Format(_time.GetUtcNow());
        if (allowed == 0)
        {
            PdbStatusJson.MarkNoneAllowed(status, _time.GetUtcNow());
        }

        BeforeBudgetWrite?.Invoke(stored.Name);
        try
        {
            store.UpdateStatus(BuiltInResources.PodDisruptionBudgets, obj);
            return null;
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            return ex.Status;
        }
    }

    private EvictionObservation Observe(PodRecord pod, EvictionOutcome outcome, string? budgetName, string? message,
        PdbRecord? budget = null, ObjectStore? store = null)
    {
        int? healthyAfter = null;
        if (outcome == EvictionOutcome.Allowed && budget is not null && store is not null)
        {
            healthyAfter = HealthyWithout(pod, budget, store);
        }

        return new EvictionObservation(_time.GetUtcNow(), pod.Namespace, pod.Name, pod.NodeName, outcome, budgetName, message,
            healthyAfter, budget?.Status.DesiredHealthy);
    }

    /// <summary>The budget's pods that stay healthy if this one goes, counted from the pods themselves (not the PDB status).</summary>
    private int HealthyWithout(PodRecord evicted, PdbRecord budget, ObjectStore store)
    {
        var healthy = 0;
        foreach (var candidate in store.List(BuiltInResources.Pods, new ListOptions { Namespace = evicted.Namespace }).Items)
        {
            if (candidate.Uid == evicted.Uid || candidate.IsDeleting || _evictedUids.ContainsKey(candidate.Uid) || !budget.Selector.Matches(candidate.Labels))
            {
                continue;
            }

            if (PodRecord.From(candidate).IsHealthy)
            {
                healthy++;
            }
        }

        return healthy;
    }
}
