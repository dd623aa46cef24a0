using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.World.State;
using DrainSafe.Sandbox.World.Timing;

namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>
/// Keeps every PDB's status in step with its pods' readiness. Writes are conditional on the resourceVersion it read,
/// so an eviction that decremented the budget meanwhile is never overwritten: the PDB is computed again.
/// </summary>
internal sealed class DisruptionController(WorldContext context)
{
    private readonly Dictionary<string, DateTimeOffset> _rechecks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Generation, DateTimeOffset At)> _observeAt = new(StringComparer.Ordinal);

    /// <summary>A planned recheck is due.</summary>
    public void RecheckDue(string pdbKey)
    {
        if (_rechecks.TryGetValue(pdbKey, out var at) && at <= context.Now)
        {
            _rechecks.Remove(pdbKey);
        }

        Reconcile(pdbKey);
    }

    public void Reconcile(string pdbKey)
    {
        if (!context.State.Pdbs.TryGetValue(pdbKey, out var pdb))
        {
            _observeAt.Remove(pdbKey);
            return;
        }

        if (!SpecObservable(pdb))
        {
            return;
        }

        var pods = context.State.PodsInNamespace(pdb.Namespace).Where(p => pdb.Selector.Matches(p.Labels)).ToList();
        var now = context.Now;
        var computation = PdbStatusCalculator.Compute(pdb, pods, ScaleOf, now, context.Options.DisruptedPodTimeout);
        var obj = pdb.Source.ToJsonObject();
        var previous = obj["status"] as JsonObject;
        var status = computation.Status is { } computed
            ? PdbStatusJson.Build(computed, previous, now)
            : PdbStatusJson.FailSafe(previous, computation.Error!, now);
        if (computation.RecheckAt is { } recheck && (!_rechecks.TryGetValue(pdb.Key, out var planned) || recheck < planned))
        {
            _rechecks[pdb.Key] = recheck;
            context.Due.Add(recheck, new TimedWork(TimedWorkKind.RecheckPdb, pdb.Key, string.Empty));
        }

        if (JsonNode.DeepEquals(previous, status))
        {
            return;
        }

        obj["status"] = status;
        if (!context.Writer.Update(BuiltInResources.PodDisruptionBudgets, obj, status: true))
        {
            context.RetryPdb(pdb.Key);
        }
    }

    /// <summary>
    /// False while a new generation of the PDB's spec waits out <see cref="WorldContext.DisruptionControllerDelay"/>
    /// (a recheck is planned for its end): a busy controller's status lags the spec.
    /// </summary>
    private bool SpecObservable(PdbRecord pdb)
    {
        var delay = context.DisruptionControllerDelay;
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        if (pdb.Status.ObservedGeneration >= pdb.Generation)
        {
            _observeAt.Remove(pdb.Key);
            return true;
        }

        if (!_observeAt.TryGetValue(pdb.Key, out var planned) || planned.Generation != pdb.Generation)
        {
            planned = (pdb.Generation, context.Now + delay);
            _observeAt[pdb.Key] = planned;
            context.Due.Add(planned.At, new TimedWork(TimedWorkKind.RecheckPdb, pdb.Key, string.Empty));
        }

        return planned.At <= context.Now;
    }

    /// <summary>The scale of a pod's controller: a Deployment's replicas through its ReplicaSet, a StatefulSet's, a ReplicaSet's.</summary>
    private (string Uid, int Replicas)? ScaleOf(OwnerLink controller)
    {
        if (context.State.WorkloadByUid(controller.Uid) is not { } workload)
        {
            return null;
        }

        switch (workload.Kind)
        {
            case WorkloadKindName.ReplicaSet when workload.Controller is { Kind: "Deployment" } owner:
                return context.State.WorkloadByUid(owner.Uid) is { } deployment ? (deployment.Uid, deployment.Replicas) : (workload.Uid, workload.Replicas);
            case WorkloadKindName.ReplicaSet:
            case WorkloadKindName.StatefulSet:
                return (workload.Uid, workload.Replicas);
            default:
                return null;
        }
    }
}
