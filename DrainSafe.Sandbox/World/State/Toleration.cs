using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>A pod's toleration of node taints.</summary>
internal sealed record Toleration(string? Key, string Operator, string? Value, string? Effect)
{
    public static IReadOnlyList<Toleration> ListOf(JsonElement pod) =>
        JsonFields.Array(pod, "spec", "tolerations")
            .Select(t => new Toleration(
                JsonFields.String(t, "key"),
                JsonFields.String(t, "operator") ?? "Equal",
                JsonFields.String(t, "value"),
                JsonFields.String(t, "effect")))
            .ToList();

    /// <summary>True when this toleration covers the taint (the rules of the Kubernetes scheduler).</summary>
    public bool Tolerates(Taint taint)
    {
        if (!string.IsNullOrEmpty(Effect) && Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(Key))
        {
            return Operator == "Exists";
        }

        if (Key != taint.Key)
        {
            return false;
        }

        return Operator == "Exists" || (Value ?? string.Empty) == (taint.Value ?? string.Empty);
    }
}
