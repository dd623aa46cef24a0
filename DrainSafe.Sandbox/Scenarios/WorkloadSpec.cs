namespace DrainSafe.Sandbox.Scenarios;

/// <summary>What kind of owner a workload's pods have; decides how the drain treats them.</summary>
public enum WorkloadKind
{
    /// <summary>Pods of a ReplicaSet owned by a Deployment: recreated elsewhere under a new name.</summary>
    Deployment,

    /// <summary>Pods recreated under the same name with a new UID.</summary>
    StatefulSet,

    /// <summary>One pod per node; skipped by the drain.</summary>
    DaemonSet,

    /// <summary>Pods without a controller: gone for good once evicted.</summary>
    BarePod,
}

/// <summary>A workload in the scenario's cluster.</summary>
/// <param name="Kind">Owner kind.</param>
/// <param name="Name">Workload name.</param>
/// <param name="Namespace">Namespace (created when missing).</param>
/// <param name="Replicas">Pod count (ignored for DaemonSets).</param>
/// <param name="Pdb">Optional PodDisruptionBudget selecting the workload's pods.</param>
/// <param name="EmptyDir">Pods mount an emptyDir volume.</param>
/// <param name="GracePeriodSeconds">terminationGracePeriodSeconds of its pods (the kubelet scales it down).</param>
/// <param name="Node">For a bare pod: the node it is bound to; null lets the scheduler choose.</param>
public sealed record WorkloadSpec(
    WorkloadKind Kind,
    string Name,
    string Namespace,
    int Replicas,
    PdbSpec? Pdb,
    bool EmptyDir,
    int GracePeriodSeconds,
    string? Node);

/// <summary>A PodDisruptionBudget: exactly one of the two is set; values are an integer or a percentage ("25%").</summary>
/// <param name="MinAvailable">spec.minAvailable.</param>
/// <param name="MaxUnavailable">spec.maxUnavailable.</param>
public sealed record PdbSpec(string? MinAvailable, string? MaxUnavailable);
