using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Nodes;

/// <summary>Builds the Node object a kubelet would register for a scale-set VM, and its Ready condition.</summary>
internal static class NodeManifest
{
    private const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    private const string ResourceGroup = "mc_drainsafe-sandbox_sandbox_westeurope";

    public static JsonObject Build(NodeRequest request, DateTimeOffset now)
    {
        var (scaleSet, instance) = SplitVmName(request.VmName);
        var labels = new JsonObject
        {
            [SandboxNodeLabels.AgentPool] = request.Pool,
            ["agentpool"] = request.Pool,
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/os"] = "linux",
            [SandboxNodeLabels.Hostname] = request.Name,
            ["kubernetes.azure.com/role"] = "agent",
            ["node.kubernetes.io/instance-type"] = "Standard_D4s_v5",
            ["topology.kubernetes.io/region"] = "westeurope",
            ["topology.kubernetes.io/zone"] = "0",
        };
        var pods = request.MaxPods.ToString(CultureInfo.InvariantCulture);
        var spec = new JsonObject
        {
            ["providerID"] = $"azure:///subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{scaleSet}/virtualMachines/{instance}",
        };
        if (request.Unschedulable)
        {
            spec["unschedulable"] = true;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = request.Name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    [SandboxNodeLabels.VmNameAnnotation] = request.VmName,
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                },
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16365128Ki", ["pods"] = pods, ["ephemeral-storage"] = "129886128Ki" },
                ["allocatable"] = new JsonObject { ["cpu"] = "3860m", ["memory"] = "12880968Ki", ["pods"] = pods, ["ephemeral-storage"] = "119703055367" },
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    ReadyCondition(true, now)),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = request.InternalIp },
                    new JsonObject { ["type"] = "Hostname", ["address"] = request.Name }),
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Ubuntu 22.04.5 LTS",
                    ["kernelVersion"] = "5.15.0-1074-azure",
                    ["containerRuntimeVersion"] = "containerd://1.7.25-1",
                    ["kubeletVersion"] = "v1.32.4",
                    ["kubeProxyVersion"] = "v1.32.4",
                    ["machineID"] = request.Name,
                    ["systemUUID"] = request.Name,
                    ["bootID"] = Guid.NewGuid().ToString(),
                },
            },
        };
    }

    /// <summary>The Ready condition a running kubelet reports, or what the node lifecycle controller writes once it stops.</summary>
    public static JsonObject ReadyCondition(bool ready, DateTimeOffset now) => ready
        ? Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
        : Condition("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now);

    private static JsonObject Condition(string type, string status, string reason, string message, DateTimeOffset now)
    {
        var at = Timestamps.Format(now);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = at,
            ["lastTransitionTime"] = at,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static (string ScaleSet, string Instance) SplitVmName(string vmName)
    {
        var underscore = vmName.LastIndexOf('_');
        return underscore > 0 ? (vmName[..underscore], vmName[(underscore + 1)..]) : (vmName, "0");
    }
}
