using System.Text.Json.Nodes;

namespace DrainSafe.Packaging.Tests.Tools;

/// <summary>Reads a workload's pod template the way the tests ask about it.</summary>
public static class PodTemplates
{
    /// <summary>The pod spec of a Deployment or DaemonSet.</summary>
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    /// <summary>The first container of a Deployment or DaemonSet.</summary>
    public static JsonObject Container(JsonObject workload) => PodSpec(workload)["containers"]![0]!.AsObject();

    /// <summary>The container's environment variables by name.</summary>
    public static Dictionary<string, JsonObject> Env(JsonObject workload) =>
        Container(workload)["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!, StringComparer.Ordinal);

    /// <summary>The value of the environment variable <paramref name="name"/>, or null when it is not set.</summary>
    public static string? EnvValue(JsonObject workload, string name) =>
        Env(workload).TryGetValue(name, out var variable) ? (string?)variable["value"] : null;

    /// <summary>The downward-API field an environment variable comes from, or null.</summary>
    public static string? EnvFieldPath(JsonObject workload, string name) =>
        Env(workload).TryGetValue(name, out var variable) ? (string?)variable["valueFrom"]?["fieldRef"]?["fieldPath"] : null;

    /// <summary>Every container and init container of a pod spec.</summary>
    public static IEnumerable<JsonObject> AllContainers(JsonObject workload) =>
        new[] { "initContainers", "containers" }
            .SelectMany(key => PodSpec(workload)[key]?.AsArray() ?? [])
            .Select(c => c!.AsObject());
}
