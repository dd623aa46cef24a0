using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>Objects the API tests create: nodes, pods, and a small NodeMaintenance CRD with printer columns.</summary>
internal static class TestObjects
{
    public const string CrdName = "nodemaintenances.drainsafe.azure.com";
    public const string Group = "drainsafe.azure.com";
    public const string Version = "v1alpha1";
    public const string Plural = "nodemaintenances";

    public const string CrdYaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: nodemaintenances.drainsafe.azure.com
        spec:
          group: drainsafe.azure.com
          scope: Cluster
          names:
            plural: nodemaintenances
            singular: nodemaintenance
            kind: NodeMaintenance
            shortNames: [nm]
            categories: [drainsafe]
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: State
              type: string
              jsonPath: .status.state
            - name: Event
              type: string
              jsonPath: .spec.events[0].eventType
            - name: Pods Left
              type: integer
              jsonPath: .status.drain.remainingPods
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [nodeName]
                    properties:
                      nodeName:
                        type: string
                      events:
                        type: array
                        items:
                          type: object
                          properties:
                            eventType:
                              type: string
                              enum: [Freeze, Reboot, Redeploy, Preempt, Terminate]
                  status:
                    type: object
                    properties:
                      state:
                        type: string
                      drain:
                        type: object
                        properties:
                          remainingPods:
                            type: integer
        """;

    public static V1Node Node(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
            NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.4" },
        },
    };

    public static V1Pod Pod(string name, string? nodeName = null, IDictionary<string, string>? labels = null, string ns = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "app", Image = "registry.example/app:1" }],
        },
    };

    public static async Task CreateCrdAsync(Kubernetes client)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdYaml);
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
    }

    public static JsonObject NodeMaintenance(string name, string eventType = "Reboot", params string[] finalizers) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "NodeMaintenance",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = name,
            ["events"] = new JsonArray(new JsonObject { ["eventType"] = eventType }),
        },
    };

    public static Task<object> CreateNodeMaintenanceAsync(Kubernetes client, JsonObject nodeMaintenance) =>
        client.CustomObjects.CreateClusterCustomObjectAsync(nodeMaintenance, Group, Version, Plural);

    public static async Task<SandboxApiServer> StartAsync(SandboxApiServerOptions? options = null) =>
        await SandboxApiServer.StartAsync(options);
}
