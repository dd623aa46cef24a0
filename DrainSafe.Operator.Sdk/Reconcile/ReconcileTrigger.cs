using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Reconcile;

/// <summary>
/// Decides which changes deserve a reconcile: creation, a spec change (generation), the start of deletion,
/// a change of the finalizer list, and deletion. A status-only change (new resourceVersion, same generation)
/// does not, so a controller's own status write never triggers another reconcile.
/// </summary>
public static class ReconcileTrigger
{
    /// <summary>True when <paramref name="change"/> must be reconciled.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="change">A change the informer applied.</param>
    public static bool ShouldReconcile<TEntity>(EntityChange<TEntity> change)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type != EntityChangeType.Modified || change.Previous is null)
        {
            return true;
        }

        var before = change.Previous.Metadata;
        var after = change.Current.Metadata;
        return IsRecreated(before, after)
            || IsSpecChanged(before, after)
            || before.DeletionTimestamp.HasValue != after.DeletionTimestamp.HasValue
            || !SameFinalizers(before.Finalizers, after.Finalizers);
    }

    private static bool IsRecreated(V1ObjectMeta before, V1ObjectMeta after) =>
        !string.Equals(before.Uid, after.Uid, StringComparison.Ordinal);

    private static bool IsSpecChanged(V1ObjectMeta before, V1ObjectMeta after) =>
        before.Generation is null || after.Generation is null
            // Without generations (no status subresource) a status change cannot be told from a spec change.
            ? !string.Equals(before.ResourceVersion, after.ResourceVersion, StringComparison.Ordinal)
            : before.Generation != after.Generation;

    private static bool SameFinalizers(IList<string>? before, IList<string>? after) =>
        (before ?? []).SequenceEqual(after ?? [], StringComparer.Ordinal);
}
