namespace DrainSafe.Sandbox.Api.Store;

/// <summary>What a delete did.</summary>
/// <param name="Object">The object after the delete (its last state when removed).</param>
/// <param name="Removed">True when the object is gone; false when it waits for finalizers or graceful termination.</param>
public sealed record DeleteResult(StoredObject Object, bool Removed);
