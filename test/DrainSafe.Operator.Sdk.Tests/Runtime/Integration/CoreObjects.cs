using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>Nodes and pods the test writes straight into the sandbox API server (no kubelet, no scheduler).</summary>
internal static class CoreObjects
{
    public static Task<V1Node> CreateNodeAsync(this IKubernetes client, string name) =>
        client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });

    public static Task<V1Pod> CreatePodAsync(this IKubernetes client, string name, string nodeName, string namespaceName = "default") =>
        client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = namespaceName, Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "main", Image = "example/web" }] },
            },
            namespaceName);

    /// <summary>The same strategic merge patch <c>kubectl cordon</c> sends.</summary>
    public static Task<V1Node> CordonAsync(this IKubernetes client, string name) =>
        client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.StrategicMergePatch), name);

    public static Task<V1Node> LabelNodeAsync(this IKubernetes client, string name, string key, string value) =>
        client.CoreV1.PatchNodeAsync(
            new V1Patch(new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [key] = value } } }.ToJsonString(), V1Patch.PatchType.MergePatch), name);
}
