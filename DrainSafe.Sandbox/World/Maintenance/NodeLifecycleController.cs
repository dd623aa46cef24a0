using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.Kubelet;
using DrainSafe.Sandbox.World.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Maintenance;

/// <summary>
/// What happens to a node when Azure maintenance hits its VM: down (NotReady, unreachable taints, pods killed),
/// up again (Ready, taints gone), or deleted (the node goes; the pod garbage collector takes its pods).
/// </summary>
internal sealed class NodeLifecycleController(WorldContext context, SimulatedKubelet kubelet)
{
    public void Apply(VmImpactKind kind, string vmName, string eventType)
    {
        if (context.State.NodeOfVm(vmName) is not { } nodeName)
        {
            WorldLog.UnknownVm(context.Logger, vmName);
            return;
        }

        switch (kind)
        {
            case VmImpactKind.Down:
                SetNodeReachable(nodeName, reachable: false);
                WorldLog.VmDown(context.Logger, vmName, nodeName, eventType, kubelet.KillPodsOn(nodeName));
                break;
            case VmImpactKind.Up:
                SetNodeReachable(nodeName, reachable: true);
                WorldLog.VmUp(context.Logger, vmName, nodeName);
                break;
            case VmImpactKind.Deleted:
                context.Writer.Delete(BuiltInResources.Nodes, null, nodeName, DeleteOptions.Default);
                WorldLog.VmDeleted(context.Logger, vmName, nodeName);
                break;
        }
    }

    /// <summary>What the node lifecycle controller does when a kubelet stops or resumes reporting: Ready and the unreachable taints.</summary>
    private void SetNodeReachable(string nodeName, bool reachable)
    {
        var now = context.Now;
        context.Writer.Mutate(BuiltInResources.Nodes, null, nodeName, status: false, node =>
        {
            if (node["spec"] is not JsonObject spec)
            {
                node["spec"] = spec = [];
            }

            var taints = spec["taints"] as JsonArray ?? [];
            var kept = new JsonArray(taints.OfType<JsonObject>()
                .Where(t => (string?)t["key"] != SandboxNodeLabels.UnreachableTaint)
                .Select(t => (JsonNode)t.DeepClone()).ToArray());
            if (!reachable)
            {
                kept.Add(new JsonObject { ["key"] = SandboxNodeLabels.UnreachableTaint, ["effect"] = "NoSchedule", ["timeAdded"] = Timestamps.Format(now) });
                kept.Add(new JsonObject { ["key"] = SandboxNodeLabels.UnreachableTaint, ["effect"] = "NoExecute", ["timeAdded"] = Timestamps.Format(now) });
            }

            if (JsonNode.DeepEquals(taints, kept) || (taints.Count == 0 && kept.Count == 0 && spec["taints"] is null))
            {
                return false;
            }

            if (kept.Count == 0)
            {
                spec.Remove("taints");
            }
            else
            {
                spec["taints"] = kept;
            }

            return true;
        });
        context.Writer.Mutate(BuiltInResources.Nodes, null, nodeName, status: true, node =>
        {
            if (node["status"] is not JsonObject status)
            {
                node["status"] = status = [];
            }

            var conditions = status["conditions"] as JsonArray ?? [];
            var ready = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
            var wanted = reachable ? "True" : "Unknown";
            if ((string?)ready?["status"] == wanted)
            {
                return false;
            }

            var next = new JsonArray(conditions.OfType<JsonObject>()
                .Where(c => (string?)c["type"] != "Ready")
                .Select(c => (JsonNode)c.DeepClone()).ToArray());
            next.Add(NodeManifest.ReadyCondition(reachable, now));
            status["conditions"] = next;
            return true;
        });
    }
}
