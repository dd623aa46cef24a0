using System.Text.Json;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.World.State;

/// <summary>What the world knows about one pod, parsed once from its stored JSON.</summary>
internal sealed class PodRecord
{
    /// <summary>The annotation that marks a mirror (static) pod.</summary>
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    private PodRecord(StoredObject source, JsonElement root)
    {
        Source = source;
        Namespace = source.Namespace ?? string.Empty;
        Name = source.Name;
        Uid = source.Uid;
        ResourceVersion = source.ResourceVersion;
        Labels = source.Labels;
        IsDeleting = source.IsDeleting;
        NodeName = JsonFields.String(root, "spec", "nodeName") is { Length: > 0 } node ? node : null;
        Phase = JsonFields.String(root, "status", "phase") ?? "Pending";
        DeletionGracePeriodSeconds = JsonFields.Long(root, "metadata", "deletionGracePeriodSeconds");
        TerminationGracePeriodSeconds = JsonFields.Long(root, "spec", "terminationGracePeriodSeconds") ?? 30;
        Controller = OwnerLink.ControllerOf(root);
        IsMirror = JsonFields.Find(root, "metadata", "annotations", MirrorAnnotation) is not null;
        Tolerations = Toleration.ListOf(root);
        NodeSelector = JsonFields.StringMap(root, "spec", "nodeSelector");
        foreach (var condition in JsonFields.Array(root, "status", "conditions"))
        {
            var type = JsonFields.String(condition, "type");
            if (type == "Ready")
            {
                IsReady = JsonFields.String(condition, "status") == "True";
            }
            else if (type == "PodScheduled" && JsonFields.String(condition, "status") == "False")
            {
                UnschedulableMessage = JsonFields.String(condition, "message");
            }
        }
    }

    public StoredObject Source { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Key => Namespace + "/" + Name;

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public bool IsDeleting { get; }

    public string? NodeName { get; }

    public string Phase { get; }

    public bool IsReady { get; }

    public long? DeletionGracePeriodSeconds { get; }

    public long TerminationGracePeriodSeconds { get; }

    public OwnerLink? Controller { get; }

    public bool IsMirror { get; }

    public IReadOnlyList<Toleration> Tolerations { get; }

    public IReadOnlyDictionary<string, string> NodeSelector { get; }

    /// <summary>The message of a PodScheduled=False condition, if the scheduler wrote one.</summary>
    public string? UnschedulableMessage { get; }

    public bool IsTerminal => Phase is "Succeeded" or "Failed";

    /// <summary>Counts for its controller: not terminating and not finished (the controllers' "active" pods).</summary>
    public bool IsActive => !IsDeleting && !IsTerminal;

    /// <summary>Takes a place on its node (everything bound that has not finished).</summary>
    public bool OccupiesNode => NodeName is not null && !IsTerminal;

    /// <summary>Running and Ready, not terminating: what a PDB counts as healthy.</summary>
    public bool IsHealthy => IsReady && !IsDeleting && Phase == "Running";

    public bool Tolerates(Taint taint) => Tolerations.Any(t => t.Tolerates(taint));

    public static PodRecord From(StoredObject source)
    {
        using var document = JsonDocument.Parse(source.Json);
        return new PodRecord(source, document.RootElement);
    }
}
