namespace DrainSafe.Operator.Sdk.Client;

/// <summary>One page of a LIST answer.</summary>
/// <typeparam name="TEntity">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="ResourceVersion">The list's resourceVersion.</param>
/// <param name="Continue">The token for the next page; null or empty on the last page.</param>
public sealed record EntityListPage<TEntity>(IReadOnlyList<TEntity> Items, string ResourceVersion, string? Continue);
