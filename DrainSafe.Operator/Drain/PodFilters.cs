using k8s.Models;

namespace DrainSafe.Operator.Drain;

/// <summary>
/// Which pods a drain evicts, one small rule each, checked in kubectl drain's order: already terminating, DaemonSet,
/// mirror, never-evict, finished, emptyDir, unmanaged. The first rule that has a say decides.
/// </summary>
public static class PodFilters
{
    /// <summary>The annotation the kubelet puts on a mirror (static) pod.</summary>
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>Decides what the drain does with <paramref name="pod"/>.</summary>
    /// <param name="pod">The pod, as cached.</param>
    /// <param name="policy">The drain policy.</param>
    /// <param name="now">The time, for how long a pod has been terminating.</param>
    /// <param name="daemonSetExists">Whether the DaemonSet <c>(namespace, name)</c> still exists.</param>
    public static PodDecision Decide(V1Pod pod, DrainPolicy policy, DateTimeOffset now, Func<string, string, bool> daemonSetExists)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(daemonSetExists);
        return Terminating(pod, policy, now)
            ?? DaemonSetManaged(pod, daemonSetExists)
            ?? Mirror(pod)
            ?? NeverEvict(pod, policy)
            ?? Finished(pod)
            ?? LocalStorage(pod, policy)
            ?? Unmanaged(pod, policy, daemonSetExists)
            ?? PodDecision.Evictable;
    }

    /// <summary>True for a pod in phase Succeeded or Failed.</summary>
    /// <param name="pod">The pod.</param>
    public static bool IsFinished(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The controller owner reference, if any.</summary>
    /// <param name="pod">The pod.</param>
    public static V1OwnerReference? ControllerOf(V1Pod pod) => pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    private static PodDecision? Terminating(V1Pod pod, DrainPolicy policy, DateTimeOffset now)
    {
        if (pod.Metadata.DeletionTimestamp is not { } since)
        {
            return null;
        }

        var terminatingFor = now - new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc));
        return terminatingFor > policy.TerminatingPodTimeout
            ? new PodDecision(PodVerdict.Skip, $"terminating for longer than {policy.TerminatingPodTimeout}")
            : new PodDecision(PodVerdict.WaitForTermination, "already terminating");
    }

    private static PodDecision? DaemonSetManaged(V1Pod pod, Func<string, string, bool> daemonSetExists)
    {
        if (ControllerOf(pod) is not { Kind: "DaemonSet" } owner)
        {
            return null;
        }

        if (IsFinished(pod))
        {
            return new PodDecision(PodVerdict.Evict, "finished DaemonSet pod");
        }

        // A pod whose DaemonSet is gone is nobody's: the unmanaged rule decides.
        return daemonSetExists(pod.Metadata.NamespaceProperty, owner.Name)
            ? new PodDecision(PodVerdict.Skip, "DaemonSet-managed")
            : null;
    }

    private static PodDecision? Mirror(V1Pod pod) =>
        pod.Metadata.Annotations?.ContainsKey(MirrorAnnotation) == true
            ? new PodDecision(PodVerdict.Skip, "mirror (static) pod")
            : null;

    private static PodDecision? NeverEvict(V1Pod pod, DrainPolicy policy)
    {
        if (pod.Metadata.Annotations?.TryGetValue(policy.NeverEvictAnnotation, out var value) == true
            && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new PodDecision(PodVerdict.Skip, $"annotated {policy.NeverEvictAnnotation}");
        }

        return policy.NeverEvictSelector?.Matches(pod.Metadata.Labels) == true
            ? new PodDecision(PodVerdict.Skip, "matches the never-evict selector")
            : null;
    }

    private static PodDecision? Finished(V1Pod pod) =>
        IsFinished(pod) ? new PodDecision(PodVerdict.Evict, "finished") : null;

    private static PodDecision? LocalStorage(V1Pod pod, DrainPolicy policy) =>
        !policy.DeleteEmptyDirData && pod.Spec?.Volumes?.Any(v => v.EmptyDir is not null) == true
            ? new PodDecision(PodVerdict.Refuse, "has emptyDir data (set DrainSafe:DeleteEmptyDirData=true to evict it)")
            : null;

    private static PodDecision? Unmanaged(V1Pod pod, DrainPolicy policy, Func<string, string, bool> daemonSetExists)
    {
        var owner = ControllerOf(pod);
        var managed = owner is not null && (owner.Kind != "DaemonSet" || daemonSetExists(pod.Metadata.NamespaceProperty, owner.Name));
        return !managed && !policy.EvictUnmanagedPods
            ? new PodDecision(PodVerdict.Refuse, "has no controller (set DrainSafe:EvictUnmanagedPods=true to evict it)")
            : null;
    }
}
