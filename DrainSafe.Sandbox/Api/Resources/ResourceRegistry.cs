using System.Collections.Immutable;

namespace DrainSafe.Sandbox.Api.Resources;

/// <summary>The resources the server serves right now: the built-ins plus every established CRD's versions.</summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImmutableArray<ResourceType>> _custom =
        ImmutableDictionary<string, ImmutableArray<ResourceType>>.Empty;
    private Snapshot _snapshot;

    internal ResourceRegistry()
    {
        _snapshot = Snapshot.Build(BuiltInResources.All, 1);
    }

    /// <summary>Raised (outside any store lock) after a CRD changed what is served.</summary>
    public event Action? Changed;

    /// <summary>Every served resource (each version of a custom resource separately), built-ins first.</summary>
    public IReadOnlyList<ResourceType> All => _snapshot.All;

    /// <summary>Grows by one each time the served set changes (used as the OpenAPI/discovery hash).</summary>
    public long Generation => _snapshot.Generation;

    /// <summary>Finds a served resource by group, version and plural name.</summary>
    public ResourceType? Find(string group, string version, string plural) =>
        _snapshot.ByPath.GetValueOrDefault($"{group}/{version}/{plural}");

    /// <summary>Finds a served resource by apiVersion (<c>v1</c>, <c>apps/v1</c>) and kind.</summary>
    public ResourceType? FindByKind(string apiVersion, string kind) =>
        _snapshot.ByKind.GetValueOrDefault($"{apiVersion}/{kind}");

    /// <summary>The served group versions in discovery order (core <c>v1</c> first).</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions => _snapshot.GroupVersions;

    /// <summary>The resources served in one group version.</summary>
    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version) =>
        _snapshot.ByGroupVersion.GetValueOrDefault($"{group}/{version}", []);

    internal void SetCustomResources(string crdName, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            _custom = _custom.SetItem(crdName, [.. versions]);
            Rebuild();
        }
    }

    internal bool RemoveCustomResources(string crdName)
    {
        lock (_gate)
        {
            if (!_custom.ContainsKey(crdName))
            {
                return false;
            }

            _custom = _custom.Remove(crdName);
            Rebuild();
            return true;
        }
    }

    internal void RaiseChanged() => Changed?.Invoke();

    private void Rebuild()
    {
        var all = BuiltInResources.All.Concat(_custom.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value));
        _snapshot = Snapshot.Build(all, _snapshot.Generation + 1);
    }

    private sealed record Snapshot(
        ImmutableArray<ResourceType> All,
        ImmutableDictionary<string, ResourceType> ByPath,
        ImmutableDictionary<string, ResourceType> ByKind,
        ImmutableDictionary<string, ImmutableArray<ResourceType>> ByGroupVersion,
        ImmutableArray<(string Group, string Version)> GroupVersions,
        long Generation)
    {
        public static Snapshot Build(IEnumerable<ResourceType> resources, long generation)
        {
            var all = resources.ToImmutableArray();
            var byPath = ImmutableDictionary.CreateBuilder<string, ResourceType>();
            var byKind = ImmutableDictionary.CreateBuilder<string, ResourceType>();
            var groupVersions = new List<(string, string)>();
            var byGroupVersion = new Dictionary<string, List<ResourceType>>();
            foreach (var resource in all)
            {
                byPath[$"{resource.Group}/{resource.Version}/{resource.Plural}"] = resource;
                byKind[$"{resource.ApiVersion}/{resource.Kind}"] = resource;
                var gv = $"{resource.Group}/{resource.Version}";
                if (!byGroupVersion.TryGetValue(gv, out var list))
                {
                    byGroupVersion[gv] = list = [];
                    groupVersions.Add((resource.Group, resource.Version));
                }

                list.Add(resource);
            }

            return new Snapshot(
                all,
                byPath.ToImmutable(),
                byKind.ToImmutable(),
                byGroupVersion.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray()),
                [.. groupVersions],
                generation);
        }
    }
}
