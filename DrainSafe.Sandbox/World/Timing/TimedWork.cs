namespace DrainSafe.Sandbox.World.Timing;

/// <summary>Something the world must do at a given time (a pod finishes starting or terminating, a retry).</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Key">The object it is about (pod <c>namespace/name</c>, PDB key), or empty.</param>
/// <param name="Uid">The uid the object had when the work was planned: stale work for a replaced object is dropped.</param>
internal sealed record TimedWork(TimedWorkKind Kind, string Key, string Uid);
