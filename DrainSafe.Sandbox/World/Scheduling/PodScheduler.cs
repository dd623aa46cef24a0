using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.World.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Scheduling;

/// <summary>
/// The scheduler: binds pending pods to nodes that are Ready, not cordoned, without taints the pod does not
/// tolerate, matching its nodeSelector, and with room under allocatable pods; the least loaded node wins.
/// A pod that fits nowhere gets a PodScheduled=False condition saying why, as kube-scheduler writes it.
/// </summary>
internal sealed class PodScheduler(WorldContext context)
{
    public void ScheduleAll()
    {
        var state = context.State;
        if (state.UnboundPods.Count == 0)
        {
            return;
        }

        // Plain pods (no tolerations beyond the defaults, no nodeSelector) take the least loaded open node from a heap.
        var open = new PriorityQueue<NodeRecord, (int Load, string Name)>();
        foreach (var node in state.Nodes.Values)
        {
            if (RefusalFor(node, null) is null && state.Occupancy(node.Name) < node.AllocatablePods)
            {
                open.Enqueue(node, (state.Occupancy(node.Name), node.Name));
            }
        }

        // Every plain pod that fits nowhere fits nowhere for the same reasons: work them out once per pass.
        string? plainRefusal = null;
        foreach (var key in state.UnboundPods.Order(StringComparer.Ordinal).ToList())
        {
            if (!state.Pods.TryGetValue(key, out var pod) || pod.NodeName is not null || !pod.IsActive)
            {
                continue;
            }

            var node = IsPlain(pod) ? TakeFromHeap(open) : BestFor(pod);
            if (node is null)
            {
                MarkUnschedulable(pod, IsPlain(pod) ? plainRefusal ??= WhyNowhere(pod) : WhyNowhere(pod));
                continue;
            }

            if (!Bind(pod, node))
            {
                context.RetryPod(pod.Key);
            }

            if (IsPlain(pod))
            {
                var load = state.Occupancy(node.Name);
                if (load < node.AllocatablePods)
                {
                    open.Enqueue(node, (load, node.Name));
                }
            }
        }
    }

    /// <summary>Why the node cannot take the pod (null: it can, capacity aside); a null pod means a plain pod.</summary>
    private static string? RefusalFor(NodeRecord node, PodRecord? pod)
    {
        if (node.IsDeleting)
        {
            return "node(s) were being deleted";
        }

        if (pod is not null && pod.NodeSelector.Any(s => !node.Labels.TryGetValue(s.Key, out var v) || v != s.Value))
        {
            return "node(s) didn't match Pod's node affinity/selector";
        }

        if (node.Unschedulable && !(pod?.Tolerates(new Taint(SandboxNodeLabels.UnschedulableTaint, null, "NoSchedule")) ?? false))
        {
            return "node(s) were unschedulable";
        }

        foreach (var taint in node.Taints)
        {
            if (taint.KeepsPodsAway && !(pod?.Tolerates(taint) ?? false))
            {
                return $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
            }
        }

        if (!node.IsReady && !(pod?.Tolerates(new Taint(SandboxNodeLabels.NotReadyTaint, null, "NoSchedule")) ?? false))
        {
            return $"node(s) had untolerated taint {{{SandboxNodeLabels.NotReadyTaint}: }}";
        }

        return null;
    }

    /// <summary>No nodeSelector and only the tolerations admission adds to every pod: any open node will do.</summary>
    private static bool IsPlain(PodRecord pod) =>
        pod.NodeSelector.Count == 0 && pod.Tolerations.All(t => t.Effect == "NoExecute"
            && t.Key is SandboxNodeLabels.NotReadyTaint or SandboxNodeLabels.UnreachableTaint);

    private NodeRecord? TakeFromHeap(PriorityQueue<NodeRecord, (int Load, string Name)> open)
    {
        while (open.TryDequeue(out var node, out var priority))
        {
            // An entry is stale when the node changed since it was queued; the current load decides.
            if (context.State.Nodes.TryGetValue(node.Name, out var current) && ReferenceEquals(current, node)
                && context.State.Occupancy(node.Name) == priority.Load && priority.Load < node.AllocatablePods)
            {
                return node;
            }
        }

        return null;
    }

    private NodeRecord? BestFor(PodRecord pod)
    {
        NodeRecord? best = null;
        var bestLoad = int.MaxValue;
        foreach (var node in context.State.Nodes.Values)
        {
            var load = context.State.Occupancy(node.Name);
            if (RefusalFor(node, pod) is null && load < node.AllocatablePods
                && (load < bestLoad || (load == bestLoad && string.CompareOrdinal(node.Name, best!.Name) < 0)))
            {
                best = node;
                bestLoad = load;
            }
        }

        return best;
    }

    private bool Bind(PodRecord pod, NodeRecord node)
    {
        var obj = pod.Source.ToJsonObject();
        ((JsonObject)obj["spec"]!)["nodeName"] = node.Name;
        return context.Writer.Update(BuiltInResources.Pods, obj, status: false);
    }

    private void MarkUnschedulable(PodRecord pod, string message)
    {
        if (pod.UnschedulableMessage == message)
        {
            return;
        }

        var obj = pod.Source.ToJsonObject();
        if (obj["status"] is not JsonObject status)
        {
            obj["status"] = status = [];
        }

        var conditions = new JsonArray();
        foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)condition["type"] != "PodScheduled")
            {
                conditions.Add(condition.DeepClone());
            }
        }

        conditions.Add(new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Timestamps.Format(context.Now),
            ["reason"] = "Unschedulable",
            ["message"] = message,
        });
        status["conditions"] = conditions;
        if (!context.Writer.Update(BuiltInResources.Pods, obj, status: true))
        {
            context.RetryPod(pod.Key);
        }
    }

    private string WhyNowhere(PodRecord pod)
    {
        if (context.State.Nodes.Count == 0)
        {
            return "no nodes available to schedule pods";
        }

        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in context.State.Nodes.Values)
        {
            var reason = RefusalFor(node, pod)
                ?? (context.State.Occupancy(node.Name) >= node.AllocatablePods ? "Too many pods" : "node(s) had no room");
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        var detail = string.Join(", ", reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value} {r.Key}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"0/{context.State.Nodes.Count} nodes are available: {detail}. preemption: 0/{context.State.Nodes.Count} nodes are available: {context.State.Nodes.Count} Preemption is not helpful for scheduling.");
    }
}
