using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.World.State;

/// <summary>What the world knows about one Deployment, ReplicaSet, StatefulSet or DaemonSet.</summary>
internal sealed class WorkloadRecord
{
    private WorkloadRecord(WorkloadKindName kind, StoredObject source, JsonElement root)
    {
        Kind = kind;
        Source = source;
        Namespace = source.Namespace ?? string.Empty;
        Name = source.Name;
        Uid = source.Uid;
        ResourceVersion = source.ResourceVersion;
        IsDeleting = source.IsDeleting;
        Generation = JsonFields.Long(root, "metadata", "generation") ?? 1;
        Replicas = (int)(JsonFields.Long(root, "spec", "replicas") ?? 1);
        Selector = SelectorMatcher.Read(root, "spec", "selector");
        Controller = OwnerLink.ControllerOf(root);
        OrderedReady = JsonFields.String(root, "spec", "podManagementPolicy") is null or "OrderedReady";
    }

    public WorkloadKindName Kind { get; }

    public StoredObject Source { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Key => Namespace + "/" + Name;

    public string Uid { get; }

    public long ResourceVersion { get; }

    public bool IsDeleting { get; }

    public long Generation { get; }

    /// <summary>spec.replicas (default 1); meaningless for DaemonSets.</summary>
    public int Replicas { get; }

    public SelectorMatcher Selector { get; }

    /// <summary>For a ReplicaSet: its Deployment.</summary>
    public OwnerLink? Controller { get; }

    /// <summary>For a StatefulSet: pods are created one at a time, each after the previous is Ready.</summary>
    public bool OrderedReady { get; }

    public ResourceType Resource => ResourceOf(Kind);

    public static ResourceType ResourceOf(WorkloadKindName kind) => kind switch
    {
        WorkloadKindName.Deployment => BuiltInResources.Deployments,
        WorkloadKindName.ReplicaSet => BuiltInResources.ReplicaSets,
        WorkloadKindName.StatefulSet => BuiltInResources.StatefulSets,
        _ => BuiltInResources.DaemonSets,
    };

    public static WorkloadRecord From(WorkloadKindName kind, StoredObject source)
    {
        using var document = JsonDocument.Parse(source.Json);
        return new WorkloadRecord(kind, source, document.RootElement);
    }
}
