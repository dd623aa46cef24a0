namespace DrainSafe.Sandbox.World.Timing;

/// <summary>The kinds of <see cref="TimedWork"/>.</summary>
internal enum TimedWorkKind
{
    /// <summary>The containers of a bound pod are up: it becomes Running and Ready.</summary>
    StartPod,

    /// <summary>A terminating pod's (scaled) grace period is over: it is removed.</summary>
    FinishTermination,

    /// <summary>An entry of a PDB's disruptedPods expires: recompute the PDB.</summary>
    RecheckPdb,

    /// <summary>A write failed on a conflict or transient error: run the controllers again.</summary>
    Retry,
}
