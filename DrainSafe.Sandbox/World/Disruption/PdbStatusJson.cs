using System.Text.Json.Nodes;
using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>Writes a PDB status in the API's shape, keeping the condition's transition time when it did not flip.</summary>
internal static class PdbStatusJson
{
    public const string DisruptionAllowedCondition = "DisruptionAllowed";

    public static JsonObject Build(PdbStatus status, JsonObject? previous, DateTimeOffset now)
    {
        var json = new JsonObject();
        if (status.DisruptedPods.Count > 0)
        {
            var disrupted = new JsonObject();
            foreach (var (pod, at) in status.DisruptedPods.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                disrupted[pod] = Timestamps.Format(at);
            }

            json["disruptedPods"] = disrupted;
        }

        json["disruptionsAllowed"] = status.DisruptionsAllowed;
        json["currentHealthy"] = status.CurrentHealthy;
        json["desiredHealthy"] = status.DesiredHealthy;
        json["expectedPods"] = status.ExpectedPods;
        json["observedGeneration"] = status.ObservedGeneration;
        var allowed = status.DisruptionsAllowed > 0;
        json["conditions"] = new JsonArray(Condition(previous, allowed ? "True" : "False",
            allowed ? "SufficientPods" : "InsufficientPods", string.Empty, status.ObservedGeneration, now));
        return json;
    }

    /// <summary>The fail-safe status of a PDB whose expected pods cannot be worked out: no disruption allowed.</summary>
    public static JsonObject FailSafe(JsonObject? previous, string error, DateTimeOffset now)
    {
        var json = previous?.DeepClone() as JsonObject ?? [];
        json["disruptionsAllowed"] = 0;
        json["conditions"] = new JsonArray(Condition(previous, "False", "SyncFailed", error,
            (long?)(previous?["observedGeneration"] as JsonValue) ?? 0, now));
        return json;
    }

    /// <summary>Sets DisruptionAllowed=False (an eviction just used the last allowed disruption).</summary>
    public static void MarkNoneAllowed(JsonObject status, DateTimeOffset now)
    {
        status["conditions"] = new JsonArray(Condition(status, "False", "InsufficientPods", string.Empty,
            (long?)(status["observedGeneration"] as JsonValue) ?? 0, now));
    }

    private static JsonObject Condition(JsonObject? previousStatus, string value, string reason, string message, long generation, DateTimeOffset now)
    {
        var old = (previousStatus?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == DisruptionAllowedCondition);
        var transition = old is not null && (string?)old["status"] == value && old["lastTransitionTime"] is { } kept
            ? kept.DeepClone()
            : JsonValue.Create(Timestamps.Format(now));
        return new JsonObject
        {
            ["type"] = DisruptionAllowedCondition,
            ["status"] = value,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
