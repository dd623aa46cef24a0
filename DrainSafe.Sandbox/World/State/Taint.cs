using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>A node taint.</summary>
internal sealed record Taint(string Key, string? Value, string Effect)
{
    public static IReadOnlyList<Taint> ListOf(JsonElement node) =>
        JsonFields.Array(node, "spec", "taints")
            .Where(t => JsonFields.String(t, "key") is not null && JsonFields.String(t, "effect") is not null)
            .Select(t => new Taint(JsonFields.String(t, "key")!, JsonFields.String(t, "value"), JsonFields.String(t, "effect")!))
            .ToList();

    /// <summary>True for effects that keep new pods away (NoSchedule, NoExecute).</summary>
    public bool KeepsPodsAway => Effect is "NoSchedule" or "NoExecute";
}
