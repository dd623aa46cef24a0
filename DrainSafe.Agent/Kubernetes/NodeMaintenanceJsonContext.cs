using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DrainSafe.Entities;

namespace DrainSafe.Agent.Kubernetes;

/// <summary>
/// Source-generated serialization of what the agent sends to and reads from the API server. KubernetesClient.Aot
/// serializes only the types it is told about, so the NativeAOT build registers this context with
/// <c>KubernetesJson</c> (see <see cref="NodeMaintenanceApi"/>); the JIT client serializes by reflection and needs none.
/// The options match KubernetesJson's: camelCase names, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeMaintenance))]
[JsonSerializable(typeof(NodeMaintenanceSpec))]
[JsonSerializable(typeof(JsonObject))] // the body of the create
internal sealed partial class NodeMaintenanceJsonContext : JsonSerializerContext;
