using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>The fields of a PDB's status the disruption controller and the eviction rules use.</summary>
internal sealed record PdbStatus(
    long ObservedGeneration,
    int CurrentHealthy,
    int DesiredHealthy,
    int DisruptionsAllowed,
    int ExpectedPods,
    IReadOnlyDictionary<string, DateTimeOffset> DisruptedPods)
{
    public static PdbStatus Read(JsonElement root)
    {
        var disrupted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (JsonFields.Find(root, "status", "disruptedPods") is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.TryGetDateTimeOffset(out var at))
                {
                    disrupted[entry.Name] = at;
                }
            }
        }

        return new PdbStatus(
            JsonFields.Long(root, "status", "observedGeneration") ?? 0,
            (int)(JsonFields.Long(root, "status", "currentHealthy") ?? 0),
            (int)(JsonFields.Long(root, "status", "desiredHealthy") ?? 0),
            (int)(JsonFields.Long(root, "status", "disruptionsAllowed") ?? 0),
            (int)(JsonFields.Long(root, "status", "expectedPods") ?? 0),
            disrupted);
    }
}
