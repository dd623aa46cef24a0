using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using DrainSafe.Operator.Sdk.Entities;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>The informer's cache. Only the informer writes it: a PATCH answer never goes in, or it could race a DELETED event.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
internal sealed class EntityCache<TEntity> : IEntityCache<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, TEntity> items = new(StringComparer.Ordinal);

    public int Count => items.Count;

    public bool TryGet(string key, [MaybeNullWhen(false)] out TEntity entity) => items.TryGetValue(key, out entity);

    public IReadOnlyList<TEntity> Snapshot() => items.Values.ToList();

    internal IReadOnlyCollection<string> Keys => items.Keys.ToList();

    internal TEntity? Upsert(TEntity entity)
    {
        var key = EntityKey.Of(entity);
        TEntity? previous = null;
        items.AddOrUpdate(key, entity, (_, old) =>
        {
            previous = old;
            return entity;
        });
        return previous;
    }

    internal TEntity? Remove(string key) => items.TryRemove(key, out var old) ? old : null;
}
