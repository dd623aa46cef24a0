using DrainSafe.Sandbox.World.State;

namespace DrainSafe.Sandbox.World.Disruption;

/// <summary>The outcome of computing a PDB's status.</summary>
/// <param name="Status">The new status, or null when the expected pod count could not be worked out.</param>
/// <param name="Error">Why not (the SyncFailed condition's message), when <paramref name="Status"/> is null.</param>
/// <param name="RecheckAt">When the earliest disruptedPods entry expires and the PDB must be computed again.</param>
internal sealed record PdbComputation(PdbStatus? Status, string? Error, DateTimeOffset? RecheckAt);
