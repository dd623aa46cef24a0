using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.State;
using DrainSafe.Sandbox.World.Timing;

namespace DrainSafe.Sandbox.World.Kubelet;

/// <summary>
/// Every node's kubelet in one: a bound pod on a Ready node becomes Running and Ready after the start delay; a
/// terminating pod is removed when its (scaled) grace period is over; a node that goes down loses its pods at once.
/// All timing goes through the world's one <see cref="DueQueue"/>, never a timer per pod. A mirror pod (the API's view
/// of a static pod) that is deleted, evicted included, is removed at once and created again, new uid, while its node
/// is up: the static pod itself never stopped.
/// </summary>
internal sealed class SimulatedKubelet(WorldContext context)
{
    private readonly Dictionary<string, DateTimeOffset> _starting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _terminating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nodeSubnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodRecord> _mirrorsGone = new(StringComparer.Ordinal);

    /// <summary>Looks at a pod that changed: plans its start or the end of its termination.</summary>
    public void Check(string podKey)
    {
        if (!context.State.Pods.TryGetValue(podKey, out var pod))
        {
            RecreateMirror(podKey);
            return;
        }

        if (pod.NodeName is null)
        {
            return;
        }

        if (pod.IsDeleting && pod.IsMirror)
        {
            // The kubelet deletes a mirror pod marked for deletion without a grace period, then creates it again.
            _starting.Remove(pod.Uid);
            context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Uid });
            return;
        }

        if (pod.IsDeleting)
        {
            PlanTermination(pod, pod.DeletionGracePeriodSeconds ?? pod.TerminationGracePeriodSeconds);
            return;
        }

        if (pod.Phase == "Pending" && !_starting.ContainsKey(pod.Uid) && IsUp(pod.NodeName))
        {
            var at = context.Now + context.Options.PodStartDelay;
            _starting[pod.Uid] = at;
            context.Due.Add(at, new TimedWork(TimedWorkKind.StartPod, pod.Key, pod.Uid));
        }
    }

    /// <summary>A mirror pod was removed: its kubelet creates it again on its next look at the pod's name.</summary>
    public void MirrorPodRemoved(PodRecord pod)
    {
        if (pod.IsMirror && pod.NodeName is not null)
        {
            _mirrorsGone[pod.Key] = pod;
        }
    }

    /// <summary>The API server granted a grace period to a bound pod.</summary>
    public void DeletionRequested(PodDeletionRequest request) =>
        PlanTermination(request.Namespace + "/" + request.Name, request.Uid, request.GracePeriodSeconds);

    /// <summary>A node is Ready again: its pending pods start and its missing mirror pods come back.</summary>
    public void NodeUp(string nodeName)
    {
        foreach (var mirror in _mirrorsGone.Values.Where(m => m.NodeName == nodeName).ToList())
        {
            RecreateMirror(mirror.Key);
        }

        foreach (var pod in context.State.PodsOnNode(nodeName).ToList())
        {
            Check(pod.Key);
        }
    }

    /// <summary>The node's VM stopped: its pods die with it and are removed at once; controllers recreate them.</summary>
    public int KillPodsOn(string nodeName)
    {
        var killed = 0;
        foreach (var pod in context.State.PodsOnNode(nodeName).ToList())
        {
            _starting.Remove(pod.Uid);
            _terminating.Remove(pod.Uid);
            context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Uid });
            killed++;
        }

        return killed;
    }

    public void Run(TimedWork work)
    {
        if (work.Kind == TimedWorkKind.StartPod)
        {
            Start(work);
        }
        else if (work.Kind == TimedWorkKind.FinishTermination)
        {
            FinishTermination(work);
        }
    }

    private void PlanTermination(PodRecord pod, long gracePeriodSeconds) => PlanTermination(pod.Key, pod.Uid, gracePeriodSeconds);

    private void PlanTermination(string podKey, string uid, long gracePeriodSeconds)
    {
        var at = context.Now + context.Options.ScaledGrace(gracePeriodSeconds);
        if (_terminating.TryGetValue(uid, out var planned) && planned <= at)
        {
            return;
        }

        _starting.Remove(uid);
        _terminating[uid] = at;
        context.Due.Add(at, new TimedWork(TimedWorkKind.FinishTermination, podKey, uid));
    }

    private void Start(TimedWork work)
    {
        if (!_starting.Remove(work.Uid) || !context.State.Pods.TryGetValue(work.Key, out var pod) || pod.Uid != work.Uid
            || pod.IsDeleting || pod.Phase != "Pending" || pod.NodeName is null || !IsUp(pod.NodeName))
        {
            return;
        }

        var node = context.State.Nodes[pod.NodeName];
        var obj = pod.Source.ToJsonObject();
        obj["status"] = RunningStatus(obj, node, context.Now);
        if (!context.Writer.Update(BuiltInResources.Pods, obj, status: true))
        {
            // Changed meanwhile: look again once the change is in.
            context.RetryPod(pod.Key);
        }
    }

    private void FinishTermination(TimedWork work)
    {
        if (!_terminating.TryGetValue(work.Uid, out var planned) || planned > context.Now)
        {
            return;
        }

        _terminating.Remove(work.Uid);
        if (context.State.Pods.TryGetValue(work.Key, out var pod) && pod.Uid == work.Uid)
        {
            context.Writer.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Uid });
        }
    }

    private void RecreateMirror(string podKey)
    {
        if (!_mirrorsGone.Remove(podKey, out var gone))
        {
            return;
        }

        if (!IsUp(gone.NodeName!))
        {
            // The kubelet is down with its node: the static pod gets its mirror when the node is Ready again.
            _mirrorsGone[podKey] = gone;
            return;
        }

        var obj = gone.Source.ToJsonObject();
        var metadata = (JsonObject)obj["metadata"]!;
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields" })
        {
            metadata.Remove(field);
        }

        obj.Remove("status");
        if (context.Writer.Create(BuiltInResources.Pods, obj) is null)
        {
            _mirrorsGone[podKey] = gone;
            context.RetryPod(podKey);
        }
    }

    private bool IsUp(string nodeName) => context.State.Nodes.TryGetValue(nodeName, out var node) && node.IsReady && !node.IsDeleting;

    private JsonObject RunningStatus(JsonObject pod, NodeRecord node, DateTimeOffset now)
    {
        var at = Timestamps.Format(now);
        var hostIp = (node.Source.ToJsonObject()["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(a => (string?)a["type"] == "InternalIP")?["address"]?.GetValue<string>() ?? "10.224.0.4";
        var podIp = NextPodIp(node.Name);
        var containers = new JsonArray();
        foreach (var container in (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = (string?)container["image"] ?? "registry.k8s.io/pause:3.10";
            containers.Add(new JsonObject
            {
                ["name"] = (string?)container["name"] ?? "app",
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = at } },
                ["lastState"] = new JsonObject(),
                ["ready"] = true,
                ["restartCount"] = 0,
                ["image"] = image,
                ["imageID"] = image + "@sha256:" + new string('0', 64),
                ["containerID"] = "containerd://" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
                ["started"] = true,
            });
        }

        return new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", at),
                Condition("Initialized", at),
                Condition("Ready", at),
                Condition("ContainersReady", at),
                Condition("PodScheduled", at)),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = at,
            ["containerStatuses"] = containers,
            ["qosClass"] = "BestEffort",
        };
    }

    private static JsonObject Condition(string type, string at) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = at,
    };

    private string NextPodIp(string nodeName)
    {
        if (!_nodeSubnets.TryGetValue(nodeName, out var subnet))
        {
            _nodeSubnets[nodeName] = subnet = _nodeSubnets.Count;
        }

        var host = _nextHost.GetValueOrDefault(nodeName) + 1;
        _nextHost[nodeName] = host;
        return string.Create(CultureInfo.InvariantCulture, $"10.{244 + (subnet / 256 % 12)}.{subnet % 256}.{(host % 250) + 2}");
    }
}
