using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Tests.Validation;

/// <summary>A NodeMaintenance CRD shaped like the design's, used as the realistic schema in these tests.</summary>
internal static class NodeMaintenanceDefinition
{
    public const string Json = """
    {
      "apiVersion": "apiextensions.k8s.io/v1",
      "kind": "CustomResourceDefinition",
      "metadata": { "name": "nodemaintenances.drainsafe.azure.com" },
      "spec": {
        "group": "drainsafe.azure.com",
        "scope": "Cluster",
        "names": {
          "plural": "nodemaintenances", "singular": "nodemaintenance", "kind": "NodeMaintenance",
          "listKind": "NodeMaintenanceList", "shortNames": ["nm"], "categories": ["drainsafe"]
        },
        "versions": [{
          "name": "v1alpha1", "served": true, "storage": true,
          "subresources": { "status": {} },
          "additionalPrinterColumns": [
            { "name": "State", "type": "string", "jsonPath": ".status.state" },
            { "name": "Not Before", "type": "string", "jsonPath": ".spec.events[0].notBefore" }
          ],
          "schema": { "openAPIV3Schema": {
            "type": "object",
            "x-kubernetes-validations": [
              { "rule": "self.spec.nodeName == self.metadata.name", "message": "spec.nodeName must equal metadata.name" }
            ],
            "properties": {
              "apiVersion": { "type": "string" },
              "kind": { "type": "string" },
              "metadata": { "type": "object" },
              "spec": {
                "type": "object",
                "required": ["nodeName"],
                "properties": {
                  "nodeName": {
                    "type": "string", "maxLength": 253,
                    "x-kubernetes-validations": [ { "rule": "self == oldSelf", "message": "spec.nodeName is immutable" } ]
                  },
                  "vmName": { "type": "string" },
                  "documentIncarnation": { "type": "integer", "minimum": 0 },
                  "events": {
                    "type": "array",
                    "maxItems": 16,
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["eventId"],
                    "items": {
                      "type": "object",
                      "required": ["eventId", "eventType"],
                      "properties": {
                        "eventId": { "type": "string" },
                        "eventType": { "type": "string", "enum": ["Freeze", "Reboot", "Redeploy", "Preempt", "Terminate"] },
                        "eventStatus": { "type": "string", "enum": ["Scheduled", "Started"], "default": "Scheduled" },
                        "resources": { "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } },
                        "notBefore": { "type": "string", "format": "date-time", "nullable": true },
                        "description": { "type": "string" },
                        "eventSource": { "type": "string", "enum": ["Platform", "User"] },
                        "durationInSeconds": { "type": "integer", "default": -1 }
                      }
                    }
                  }
                }
              },
              "status": {
                "type": "object",
                "properties": {
                  "state": { "type": "string", "enum": ["NodeRunning", "MaintenanceScheduled", "NodeCordoning", "NodeCordoned",
                                                       "NodeDraining", "NodeDrained", "MaintenanceStarted", "NodeUncordoned"] },
                  "observedGeneration": { "type": "integer", "format": "int64" },
                  "cordonedByDrainSafe": { "type": "boolean" },
                  "approvableEventIds": { "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } },
                  "approvedEventIds": { "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } },
                  "lastError": { "type": "string" }
                }
              }
            }
          } }
        }]
      }
    }
    """;

    public static JsonObject Crd() => JsonNode.Parse(Json)!.AsObject();

    public static JsonObject Schema() =>
        Crd()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();

    /// <summary>A valid object for node <paramref name="name"/>, with one Reboot event.</summary>
    public static JsonObject Resource(string name = "aks-pool1-12345-vmss000003") => JsonNode.Parse($$"""
    {
      "apiVersion": "drainsafe.azure.com/v1alpha1",
      "kind": "NodeMaintenance",
      "metadata": { "name": "{{name}}" },
      "spec": {
        "nodeName": "{{name}}",
        "vmName": "aks-pool1-12345-vmss_3",
        "documentIncarnation": 7,
        "events": [{
          "eventId": "602D9444-D2CD-49C7-8624-8643E7171297",
          "eventType": "Reboot",
          "eventStatus": "Scheduled",
          "resources": ["aks-pool1-12345-vmss_3", "aks-pool1-12345-vmss_4"],
          "notBefore": "2026-11-30T10:15:00Z",
          "description": "Host server is undergoing maintenance.",
          "eventSource": "Platform",
          "durationInSeconds": -1
        }]
      }
    }
    """)!.AsObject();
}
