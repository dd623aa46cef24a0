using k8s.Models;

namespace DrainSafe.Operator.Sdk.Client;

/// <summary>The body of a LIST answer: the items and the list's resourceVersion.</summary>
/// <typeparam name="TEntity">The item type.</typeparam>
internal sealed class EntityList<TEntity>
{
    public V1ListMeta? Metadata { get; set; }

    public List<TEntity>? Items { get; set; }
}
