using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Workloads;

/// <summary>
/// One pod per node (matching the template's nodeSelector), placed on its node directly. DaemonSet pods tolerate
/// cordons and the not-ready/unreachable taints, so they stay on nodes under maintenance and come back after a reboot.
/// A deleted daemon pod is replaced once it has finished terminating, never alongside it.
/// </summary>
internal sealed class DaemonSetController(WorldContext context)
{
    private static readonly (string Key, string Effect)[] DaemonTolerations =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        (SandboxNodeLabels.UnreachableTaint, "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        (SandboxNodeLabels.UnschedulableTaint, "NoSchedule"),
    ];

    public void Reconcile(WorkloadRecord daemonSet)
    {
        if (daemonSet.IsDeleting)
        {
            return;
        }

        var template = PodFactory.TemplateOf(daemonSet);
        var nodeSelector = (template?["spec"]?["nodeSelector"] as JsonObject)?
            .ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty) ?? [];
        var wanted = context.State.Nodes.Values
            .Where(n => !n.IsDeleting && nodeSelector.All(s => n.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
            .Select(n => n.Name)
            .ToHashSet(StringComparer.Ordinal);
        var podsByNode = context.State.PodsOfController(daemonSet.Uid)
            .Where(p => p.IsActive && p.NodeName is not null)
            .GroupBy(p => p.NodeName!)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Like the real controller: a node whose daemon pod is still terminating gets its replacement only once it is gone.
        var stillTerminating = context.State.PodsOfController(daemonSet.Uid)
            .Where(p => p.IsDeleting && p.NodeName is not null)
            .Select(p => p.NodeName!)
            .ToHashSet(StringComparer.Ordinal);

        var generation = daemonSet.Generation.ToString(CultureInfo.InvariantCulture);
        var labels = new Dictionary<string, string>
        {
            ["controller-revision-hash"] = TemplateHash.Of(template),
            ["pod-template-generation"] = generation,
        };
        foreach (var node in wanted.Where(n => !podsByNode.ContainsKey(n) && !stillTerminating.Contains(n)).Order(StringComparer.Ordinal))
        {
            var pod = PodFactory.FromTemplate(daemonSet, template, null, node, labels);
            AddTolerations((JsonObject)pod["spec"]!);
            if (context.Writer.Create(BuiltInResources.Pods, pod) is null)
            {
                context.RetryWorkload(daemonSet.Uid);
                break;
            }
        }

        foreach (var (node, pods) in podsByNode)
        {
            foreach (var extra in wanted.Contains(node) ? pods.OrderBy(p => p.ResourceVersion).Skip(1) : pods)
            {
                context.Writer.Delete(BuiltInResources.Pods, extra.Namespace, extra.Name, new DeleteOptions { PreconditionUid = extra.Uid });
            }
        }

        WriteStatus(daemonSet, wanted);
    }

    private static void AddTolerations(JsonObject spec)
    {
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        spec["tolerations"] = tolerations;
        foreach (var (key, effect) in DaemonTolerations)
        {
            if (!tolerations.OfType<JsonObject>().Any(t => (string?)t["key"] == key && (string?)t["effect"] == effect))
            {
                tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
            }
        }
    }

    private void WriteStatus(WorkloadRecord daemonSet, HashSet<string> wanted)
    {
        var pods = context.State.PodsOfController(daemonSet.Uid).Where(p => p.IsActive && p.NodeName is not null).ToList();
        var scheduled = pods.Select(p => p.NodeName!).Where(wanted.Contains).Distinct().Count();
        var ready = pods.Where(p => p.IsReady && wanted.Contains(p.NodeName!)).Select(p => p.NodeName).Distinct().Count();
        WorkloadStatusWriter.Write(context, context.State.WorkloadByUid(daemonSet.Uid) ?? daemonSet,
        [
            ("currentNumberScheduled", scheduled),
            ("desiredNumberScheduled", wanted.Count),
            ("numberMisscheduled", 0),
            ("numberReady", ready),
            ("observedGeneration", daemonSet.Generation),
            ("updatedNumberScheduled", scheduled),
            ("numberAvailable", ready),
            ("numberUnavailable", wanted.Count - ready),
        ]);
    }
}
