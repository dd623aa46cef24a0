using System.Text.Json.Nodes;
using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Client;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Drain;

/// <summary>
/// Flips a node's <c>spec.unschedulable</c> and keeps the durable half of the ownership record: the
/// <see cref="DrainSafeAnnotations.MaintenanceOwner"/> annotation goes on in the same patch that cordons, and comes off in
/// the same patch that uncordons, so a crash between a node write and a status write never loses who holds the cordon.
/// Every patch is conditional on the node's resourceVersion; a conflict is re-read and retried.
/// </summary>
public sealed class NodeCordoner
{
    private const int Attempts = 5;
    private readonly IKubernetes client;

    /// <summary>Creates the cordoner.</summary>
    /// <param name="client">The Kubernetes client.</param>
    public NodeCordoner(IKubernetes client) => this.client = client;

    /// <summary>True when DrainSafe holds this node's cordon (the annotation is there).</summary>
    /// <param name="node">The node.</param>
    public static bool IsOwnedCordon(V1Node node) => node.Metadata.Annotations?.ContainsKey(DrainSafeAnnotations.MaintenanceOwner) == true;

    /// <summary>
    /// Makes the node unschedulable. Only if it was schedulable does DrainSafe take ownership (the annotation); a node
    /// someone else cordoned stays theirs. Adds the maintenance taint when <paramref name="taint"/> is given.
    /// </summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="owner">The annotation value naming what holds the cordon (the NodeMaintenance and event).</param>
    /// <param name="taint">The taint to add, or null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The node as stored, and whether DrainSafe holds the cordon.</returns>
    public Task<(V1Node Node, bool Owned)> CordonAsync(string nodeName, string owner, V1Taint? taint, CancellationToken cancellationToken) =>
        PatchAsync(nodeName, node =>
        {
            var patch = new JsonPatchBuilder().TestResourceVersion(node.Metadata.ResourceVersion);
            var owned = IsOwnedCordon(node);
            if (node.Spec?.Unschedulable != true)
            {
                EnsureAnnotations(node, patch);
                patch.Add("/spec/unschedulable", true);
                patch.Add(AnnotationPath(DrainSafeAnnotations.MaintenanceOwner), owner);
                owned = true;
            }

            if (taint is not null && owned && node.Spec?.Taints?.Any(t => t.Key == taint.Key) != true)
            {
                var taints = (node.Spec?.Taints ?? []).Append(taint).ToList();
                patch.Add("/spec/taints", JsonNode.Parse(KubernetesJson.Serialize(taints)));
            }

            return (patch, owned);
        }, cancellationToken);

    /// <summary>
    /// Gives the node back: when DrainSafe holds the cordon, makes it schedulable again unless another remediator's
    /// taint is on it, and removes the ownership annotation and DrainSafe's taint. A node DrainSafe does not hold is not
    /// made schedulable.
    /// </summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The node as stored (null when it is gone), and whether it was made schedulable.</returns>
    public async Task<(V1Node? Node, bool Uncordoned)> UncordonAsync(string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            return await PatchAsync(nodeName, node =>
            {
                var patch = new JsonPatchBuilder().TestResourceVersion(node.Metadata.ResourceVersion);
                var uncordoned = false;
                if (IsOwnedCordon(node))
                {
                    if (node.Spec?.Unschedulable == true && !NodeTaints.HasForeignRemediator(node))
                    {
                        patch.Add("/spec/unschedulable", false);
                        uncordoned = true;
                    }

                    patch.Remove(AnnotationPath(DrainSafeAnnotations.MaintenanceOwner));
                }

                if (node.Spec?.Taints?.Any(t => t.Key == NodeTaints.Maintenance) == true)
                {
                    var taints = node.Spec.Taints.Where(t => t.Key != NodeTaints.Maintenance).ToList();
                    patch.Add("/spec/taints", JsonNode.Parse(KubernetesJson.Serialize(taints)));
                }

                return (patch, uncordoned);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return (null, false);
        }
    }

    /// <summary>Mirrors the lifecycle state (and event type) onto the node's annotations, the original DrainSafe's keys.</summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="state">The state.</param>
    /// <param name="eventType">The event type, or null to remove the type annotation.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task AnnotateStateAsync(string nodeName, MaintenanceState state, ScheduledEventType? eventType, CancellationToken cancellationToken)
    {
        var annotations = new JsonObject
        {
            [DrainSafeAnnotations.MaintenanceState] = state.ToString(),
            [DrainSafeAnnotations.MaintenanceType] = eventType?.ToString(),
        };
        var body = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } };
        try
        {
            await client.CoreV1.PatchNodeAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch), nodeName, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            // The node is gone: nothing to mirror onto.
        }
    }

    private static string AnnotationPath(string key) => "/metadata/annotations/" + JsonPatchBuilder.Escape(key);

    private static void EnsureAnnotations(V1Node node, JsonPatchBuilder patch)
    {
        if (node.Metadata.Annotations is null)
        {
            patch.Add("/metadata/annotations", new JsonObject());
        }
    }

    private async Task<(V1Node Node, TResult Result)> PatchAsync<TResult>(
        string nodeName, Func<V1Node, (JsonPatchBuilder Patch, TResult Result)> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (patch, result) = build(node);
            if (patch.IsEmpty)
            {
                return (node, result);
            }

            try
            {
                var patched = await client.CoreV1.PatchNodeAsync(patch.ToPatch(), nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (patched, result);
            }
            catch (Exception e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                // Someone else wrote the node since it was read: read it again and decide again.
            }
        }
    }
}
