using System.Text.Json.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>Builds a pod from a controller's pod template, with the defaults the API server's admission adds.</summary>
internal static class PodFactory
{
    /// <summary>A pod owned by <paramref name="owner"/>: named <paramref name="name"/>, or generated from <c>{owner}-</c>.</summary>
    public static JsonObject FromTemplate(WorkloadRecord owner, JsonObject? template, string? name, string? nodeName,
        IReadOnlyDictionary<string, string> extraLabels)
    {
        var templateMetadata = template?["metadata"] as JsonObject;
        var labels = (templateMetadata?["labels"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }

        var metadata = new JsonObject
        {
            ["namespace"] = owner.Namespace,
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = owner.Kind.ToString(),
                ["name"] = owner.Name,
                ["uid"] = owner.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        };
        if (name is null)
        {
            metadata["generateName"] = owner.Name + "-";
        }
        else
        {
            metadata["name"] = name;
        }

        if (templateMetadata?["annotations"] is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        var spec = (template?["spec"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        ApplyDefaults(spec);
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>The defaults of the pod spec and the DefaultTolerationSeconds admission plugin.</summary>
    public static void ApplyDefaults(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["serviceAccountName"] ??= "default";
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;
        spec["priority"] ??= 0;
        spec["preemptionPolicy"] ??= "PreemptLowerPriority";
        spec["containers"] ??= new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.k8s.io/pause:3.10" });
        if (spec["containers"] is JsonArray containers)
        {
            foreach (var container in containers.OfType<JsonObject>())
            {
                container["imagePullPolicy"] ??= "IfNotPresent";
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                container["resources"] ??= new JsonObject();
            }
        }

        if (spec["tolerations"] is not JsonArray tolerations)
        {
            spec["tolerations"] = tolerations = [];
        }

        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!tolerations.OfType<JsonObject>().Any(t => (string?)t["key"] == key))
            {
                tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 });
            }
        }
    }

    /// <summary>The pod template of a controller's spec.</summary>
    public static JsonObject? TemplateOf(WorkloadRecord workload) => workload.Source.ToJsonObject()["spec"]?["template"] as JsonObject;
}
