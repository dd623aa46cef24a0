namespace DrainSafe.Operator.Drain;

/// <summary>Where one node's drain stands.</summary>
public enum DrainPhase
{
    /// <summary>No drain runs for the node in this process (never started, stopped, or the operator restarted).</summary>
    NotRunning,

    /// <summary>Evicting and waiting for pods to go.</summary>
    Running,

    /// <summary>Every pod the drain must remove is gone.</summary>
    Completed,
}
