using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Drain;

/// <summary>The parts of the options that decide which pods a drain evicts.</summary>
/// <param name="DeleteEmptyDirData">Evict pods with emptyDir volumes.</param>
/// <param name="EvictUnmanagedPods">Evict pods without a controller.</param>
/// <param name="TerminatingPodTimeout">Pods terminating for longer than this are no longer waited for.</param>
/// <param name="NeverEvictSelector">Pods matching it are left alone; null for none.</param>
/// <param name="NeverEvictAnnotation">Pods carrying it are left alone.</param>
public sealed record DrainPolicy(
    bool DeleteEmptyDirData,
    bool EvictUnmanagedPods,
    TimeSpan TerminatingPodTimeout,
    PodLabelSelector? NeverEvictSelector,
    string NeverEvictAnnotation)
{
    /// <summary>Takes the drain policy from the operator's options (already validated).</summary>
    /// <param name="options">The options.</param>
    public static DrainPolicy From(DrainSafeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PodLabelSelector? selector = null;
        if (!string.IsNullOrWhiteSpace(options.NeverEvictSelector) && PodLabelSelector.TryParse(options.NeverEvictSelector, out var parsed))
        {
            selector = parsed;
        }

        return new DrainPolicy(options.DeleteEmptyDirData, options.EvictUnmanagedPods, options.TerminatingPodTimeout, selector, options.NeverEvictAnnotation);
    }
}
