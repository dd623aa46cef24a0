using System.Text.Json;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.World.State;

/// <summary>What the world knows about one PodDisruptionBudget, parsed once from its stored JSON.</summary>
internal sealed class PdbRecord
{
    private PdbRecord(StoredObject source, JsonElement root)
    {
        Source = source;
        Namespace = source.Namespace ?? string.Empty;
        Name = source.Name;
        ResourceVersion = source.ResourceVersion;
        Generation = JsonFields.Long(root, "metadata", "generation") ?? 1;
        Selector = SelectorMatcher.Read(root, "spec", "selector");
        MinAvailable = IntOrPercent.Read(root, "spec", "minAvailable");
        MaxUnavailable = IntOrPercent.Read(root, "spec", "maxUnavailable");
        AlwaysAllowUnhealthy = JsonFields.String(root, "spec", "unhealthyPodEvictionPolicy") == "AlwaysAllow";
        Status = PdbStatus.Read(root);
    }

    public StoredObject Source { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Key => Namespace + "/" + Name;

    public long ResourceVersion { get; }

    public long Generation { get; }

    public SelectorMatcher Selector { get; }

    public IntOrPercent? MinAvailable { get; }

    public IntOrPercent? MaxUnavailable { get; }

    /// <summary>spec.unhealthyPodEvictionPolicy is AlwaysAllow (default IfHealthyBudget).</summary>
    public bool AlwaysAllowUnhealthy { get; }

    public PdbStatus Status { get; }

    public static PdbRecord From(StoredObject source)
    {
        using var document = JsonDocument.Parse(source.Json);
        return new PdbRecord(source, document.RootElement);
    }
}
