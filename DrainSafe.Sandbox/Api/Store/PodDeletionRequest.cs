namespace DrainSafe.Sandbox.Api.Store;

/// <summary>A pod got a deletionTimestamp under graceful deletion; the simulated kubelet finishes it.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Name">The pod's name.</param>
/// <param name="Uid">The pod's uid.</param>
/// <param name="NodeName">The node the pod is bound to.</param>
/// <param name="GracePeriodSeconds">The grace period granted.</param>
public sealed record PodDeletionRequest(string Namespace, string Name, string Uid, string? NodeName, long GracePeriodSeconds);
