namespace DrainSafe.Sandbox.Api.Store;

/// <summary>A page of objects (sorted by namespace/name) and the list's resourceVersion.</summary>
/// <param name="Items">The objects of this page.</param>
/// <param name="ResourceVersion">The resourceVersion to watch from after this list.</param>
/// <param name="Continue">Token for the next page, or null for the last page.</param>
/// <param name="RemainingItemCount">Objects after this page, when a limit cut it.</param>
public sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
