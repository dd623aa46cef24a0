using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>
/// Keeps a ReplicaSet's number of active pods (not terminating, not finished) at spec.replicas: a pod that starts
/// terminating is replaced at once under a new generated name, as the real controller does.
/// </summary>
internal sealed class ReplicaSetController(WorldContext context)
{
    /// <summary>Pods created per ReplicaSet per pass, so one huge scale-up does not stall the loop.</summary>
    private const int BurstPerPass = 500;

    public void Reconcile(WorkloadRecord replicaSet)
    {
        if (replicaSet.IsDeleting)
        {
            return;
        }

        var active = context.State.PodsOfController(replicaSet.Uid).Where(p => p.IsActive).ToList();
        var missing = replicaSet.Replicas - active.Count;
        if (missing > 0)
        {
            var template = PodFactory.TemplateOf(replicaSet);
            var labels = new Dictionary<string, string>();
            for (var i = 0; i < Math.Min(missing, BurstPerPass); i++)
            {
                if (context.Writer.Create(BuiltInResources.Pods, PodFactory.FromTemplate(replicaSet, template, null, null, labels)) is null)
                {
                    context.RetryWorkload(replicaSet.Uid);
                    break;
                }
            }

            if (missing > BurstPerPass)
            {
                context.Pending.Workloads.Add(replicaSet.Uid);
            }
        }
        else if (missing < 0)
        {
            // Like the real controller: unscheduled first, then not ready, then the newest.
            foreach (var pod in active.OrderBy(p => p.NodeName is null ? 0 : 1).ThenBy(p => p.IsReady ? 1 : 0)
                         .ThenByDescending(p => p.ResourceVersion).Take(-missing))
            {
                context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { PreconditionUid = pod.Uid });
            }
        }

        WriteStatus(replicaSet);
        if (replicaSet.Controller is { Kind: "Deployment" } owner)
        {
            context.Pending.Workloads.Add(owner.Uid);
        }
    }

    private void WriteStatus(WorkloadRecord replicaSet)
    {
        var active = context.State.PodsOfController(replicaSet.Uid).Where(p => p.IsActive).ToList();
        var ready = active.Count(p => p.IsReady);
        WorkloadStatusWriter.Write(context, context.State.WorkloadByUid(replicaSet.Uid) ?? replicaSet,
        [
            ("replicas", active.Count),
            ("fullyLabeledReplicas", active.Count),
            ("readyReplicas", ready),
            ("availableReplicas", ready),
            ("observedGeneration", replicaSet.Generation),
        ]);
    }
}
