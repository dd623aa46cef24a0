using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>
/// Keeps pods <c>{name}-0</c> .. <c>{name}-(replicas-1)</c>. A missing pod is recreated under the same name (with a
/// new uid) only once the old one is fully gone; with OrderedReady, one pod at a time, each after the previous is Ready.
/// </summary>
internal sealed class StatefulSetController(WorldContext context)
{
    public void Reconcile(WorkloadRecord statefulSet)
    {
        if (statefulSet.IsDeleting)
        {
            return;
        }

        var spec = statefulSet.Source.ToJsonObject()["spec"] as JsonObject ?? [];
        var template = spec["template"] as JsonObject;
        var serviceName = (string?)spec["serviceName"];
        var revision = statefulSet.Name + "-" + TemplateHash.Of(template);
        for (var ordinal = 0; ordinal < statefulSet.Replicas; ordinal++)
        {
            var name = PodName(statefulSet, ordinal);
            if (!context.State.Pods.TryGetValue(statefulSet.Namespace + "/" + name, out var pod))
            {
                Create(statefulSet, template, serviceName, revision, name, ordinal);
                if (statefulSet.OrderedReady)
                {
                    break;
                }

                continue;
            }

            if (pod.IsTerminal && !pod.IsDeleting)
            {
                context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { PreconditionUid = pod.Uid });
            }

            if (statefulSet.OrderedReady && !(pod.IsActive && pod.Phase == "Running" && pod.IsReady))
            {
                break;
            }
        }

        var surplus = context.State.PodsOfController(statefulSet.Uid)
            .Where(p => p.IsActive && OrdinalOf(statefulSet, p.Name) >= statefulSet.Replicas)
            .OrderByDescending(p => OrdinalOf(statefulSet, p.Name))
            .ToList();
        foreach (var pod in statefulSet.OrderedReady ? surplus.Take(1) : surplus)
        {
            context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { PreconditionUid = pod.Uid });
        }

        WriteStatus(statefulSet, revision);
    }

    private static string PodName(WorkloadRecord statefulSet, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture, $"{statefulSet.Name}-{ordinal}");

    private static int OrdinalOf(WorkloadRecord statefulSet, string podName) =>
        podName.StartsWith(statefulSet.Name + "-", StringComparison.Ordinal)
        && int.TryParse(podName.AsSpan(statefulSet.Name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : -1;

    private void Create(WorkloadRecord statefulSet, JsonObject? template, string? serviceName, string revision, string name, int ordinal)
    {
        var labels = new Dictionary<string, string>
        {
            ["statefulset.kubernetes.io/pod-name"] = name,
            ["apps.kubernetes.io/pod-index"] = ordinal.ToString(CultureInfo.InvariantCulture),
            ["controller-revision-hash"] = revision,
        };
        var pod = PodFactory.FromTemplate(statefulSet, template, name, null, labels);
        var spec = (JsonObject)pod["spec"]!;
        spec["hostname"] = name;
        if (!string.IsNullOrEmpty(serviceName))
        {
            spec["subdomain"] = serviceName;
        }

        if (context.Writer.Create(BuiltInResources.Pods, pod) is null)
        {
            context.RetryWorkload(statefulSet.Uid);
        }
    }

    private void WriteStatus(WorkloadRecord statefulSet, string revision)
    {
        var active = context.State.PodsOfController(statefulSet.Uid).Where(p => p.IsActive).ToList();
        var ready = active.Count(p => p.IsReady);
        WorkloadStatusWriter.Write(context, context.State.WorkloadByUid(statefulSet.Uid) ?? statefulSet,
        [
            ("observedGeneration", statefulSet.Generation),
            ("replicas", active.Count),
            ("readyReplicas", ready),
            ("currentReplicas", active.Count),
            ("updatedReplicas", active.Count),
            ("availableReplicas", ready),
            ("currentRevision", revision),
            ("updateRevision", revision),
        ]);
    }
}
