using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>
/// Gives a Deployment one ReplicaSet per pod template (<c>{name}-{pod-template-hash}</c>) with the Deployment's
/// replicas; older ReplicaSets are scaled to zero (a recreate rollout, enough for the sandbox).
/// </summary>
internal sealed class DeploymentController(WorldContext context)
{
    public const string TemplateHashLabel = "pod-template-hash";

    public void Reconcile(WorkloadRecord deployment)
    {
        if (deployment.IsDeleting)
        {
            return;
        }

        var spec = deployment.Source.ToJsonObject()["spec"] as JsonObject ?? [];
        var template = spec["template"] as JsonObject ?? [];
        var hash = TemplateHash.Of(template);
        var name = deployment.Name + "-" + hash;
        var replicaSets = context.State.ReplicaSetsOf(deployment.Uid).ToList();
        var current = replicaSets.FirstOrDefault(r => r.Name == name);
        if (current is null)
        {
            if (context.Writer.Create(BuiltInResources.ReplicaSets, ReplicaSetFor(deployment, spec, template, name, hash)) is null)
            {
                context.RetryWorkload(deployment.Uid);
            }
        }
        else if (current.Replicas != deployment.Replicas)
        {
            Scale(current, deployment.Replicas);
        }

        foreach (var old in replicaSets.Where(r => r.Name != name && r.Replicas != 0))
        {
            Scale(old, 0);
        }

        WriteStatus(deployment, name);
    }

    private static JsonObject ReplicaSetFor(WorkloadRecord deployment, JsonObject spec, JsonObject template, string name, string hash)
    {
        var podTemplate = (JsonObject)template.DeepClone();
        if (podTemplate["metadata"] is not JsonObject metadata)
        {
            podTemplate["metadata"] = metadata = [];
        }

        if (metadata["labels"] is not JsonObject labels)
        {
            metadata["labels"] = labels = [];
        }

        labels[TemplateHashLabel] = hash;
        var selector = spec["selector"]?.DeepClone() as JsonObject ?? [];
        if (selector["matchLabels"] is not JsonObject matchLabels)
        {
            selector["matchLabels"] = matchLabels = [];
        }

        matchLabels[TemplateHashLabel] = hash;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = deployment.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = deployment.Name,
                    ["uid"] = deployment.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = deployment.Replicas,
                ["selector"] = selector,
                ["template"] = podTemplate,
            },
        };
    }

    private void Scale(WorkloadRecord replicaSet, int replicas)
    {
        var obj = replicaSet.Source.ToJsonObject();
        ((JsonObject)obj["spec"]!)["replicas"] = replicas;
        if (!context.Writer.Update(BuiltInResources.ReplicaSets, obj, status: false))
        {
            context.RetryWorkload(replicaSet.Controller?.Uid ?? replicaSet.Uid);
        }
    }

    private void WriteStatus(WorkloadRecord deployment, string currentName)
    {
        var active = 0;
        var ready = 0;
        var updated = 0;
        foreach (var replicaSet in context.State.ReplicaSetsOf(deployment.Uid))
        {
            foreach (var pod in context.State.PodsOfController(replicaSet.Uid).Where(p => p.IsActive))
            {
                active++;
                ready += pod.IsReady ? 1 : 0;
                updated += replicaSet.Name == currentName ? 1 : 0;
            }
        }

        WorkloadStatusWriter.Write(context, context.State.WorkloadByUid(deployment.Uid) ?? deployment,
        [
            ("observedGeneration", deployment.Generation),
            ("replicas", active),
            ("updatedReplicas", updated),
            ("readyReplicas", ready),
            ("availableReplicas", ready),
            ("unavailableReplicas", Math.Max(0, deployment.Replicas - ready)),
        ]);
    }
}
