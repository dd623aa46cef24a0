using System.Text.Json;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.Nodes;

namespace DrainSafe.Sandbox.World.State;

/// <summary>What the world knows about one node, parsed once from its stored JSON.</summary>
internal sealed class NodeRecord
{
    private NodeRecord(StoredObject source, JsonElement root)
    {
        Source = source;
        Name = source.Name;
        Uid = source.Uid;
        ResourceVersion = source.ResourceVersion;
        Labels = source.Labels;
        IsDeleting = source.IsDeleting;
        Unschedulable = JsonFields.Bool(root, "spec", "unschedulable");
        Taints = Taint.ListOf(root);
        AllocatablePods = JsonFields.Count(root, "status", "allocatable", "pods") ?? 110;
        VmName = JsonFields.String(root, "metadata", "annotations", SandboxNodeLabels.VmNameAnnotation);
        foreach (var condition in JsonFields.Array(root, "status", "conditions"))
        {
            if (JsonFields.String(condition, "type") == "Ready")
            {
                IsReady = JsonFields.String(condition, "status") == "True";
            }
        }
    }

    public StoredObject Source { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public bool IsDeleting { get; }

    public bool Unschedulable { get; }

    public IReadOnlyList<Taint> Taints { get; }

    public int AllocatablePods { get; }

    public bool IsReady { get; }

    /// <summary>The Azure VM behind the node, from the sandbox's annotation; null for nodes created by hand.</summary>
    public string? VmName { get; }

    public static NodeRecord From(StoredObject source)
    {
        using var document = JsonDocument.Parse(source.Json);
        return new NodeRecord(source, document.RootElement);
    }
}
