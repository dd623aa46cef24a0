using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Api.Eviction;

/// <summary>One eviction to decide.</summary>
/// <param name="Pod">The pod as stored now.</param>
/// <param name="Store">The store, to read PDBs and other pods.</param>
/// <param name="DeleteOptions">The eviction's DeleteOptions (grace period, preconditions).</param>
public sealed record EvictionRequest(StoredObject Pod, ObjectStore Store, DeleteOptions DeleteOptions);
