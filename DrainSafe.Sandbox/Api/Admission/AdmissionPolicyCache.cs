using System.Collections.Concurrent;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Api.Admission;

/// <summary>Stored ValidatingAdmissionPolicies and bindings, compiled once per resourceVersion.</summary>
internal sealed class AdmissionPolicyCache
{
    private readonly ConcurrentDictionary<string, (long ResourceVersion, AdmissionPolicy? Policy)> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long ResourceVersion, PolicyBinding Binding)> _bindings = new(StringComparer.Ordinal);

    public IReadOnlyList<AdmissionPolicy> Policies(IEnumerable<StoredObject> stored) =>
        stored.Select(o => Cached(_policies, o, obj => AdmissionPolicy.Compile(obj).Policy)).OfType<AdmissionPolicy>().ToList();

    public IReadOnlyList<PolicyBinding> Bindings(IEnumerable<StoredObject> stored) =>
        stored.Select(o => Cached(_bindings, o, PolicyBinding.From)).ToList();

    private static T Cached<T>(ConcurrentDictionary<string, (long ResourceVersion, T Value)> cache, StoredObject stored,
        Func<System.Text.Json.Nodes.JsonObject, T> compile)
    {
        if (cache.TryGetValue(stored.Uid, out var entry) && entry.ResourceVersion == stored.ResourceVersion)
        {
            return entry.Value;
        }

        var value = compile(stored.ToJsonObject());
        cache[stored.Uid] = (stored.ResourceVersion, value);
        return value;
    }
}
