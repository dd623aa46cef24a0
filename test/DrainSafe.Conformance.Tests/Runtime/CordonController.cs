using System.Net;
using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Controller;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Conformance.Tests.Runtime;

/// <summary>
/// A deliberately small controller for the runtime-against-a-real-apiserver test: the node of a NodeMaintenance
/// is cordoned while the NodeMaintenance lists an event and uncordoned when it lists none.
/// </summary>
public sealed class CordonController(IKubernetes client) : IEntityController<NodeMaintenance>
{
    /// <inheritdoc />
    public async Task<ReconciliationResult<NodeMaintenance>> ReconcileAsync(NodeMaintenance entity, CancellationToken cancellationToken)
    {
        var wantCordoned = entity.Spec.Events.Count > 0;
        V1Node node;
        try
        {
            node = await client.CoreV1.ReadNodeAsync(entity.Spec.NodeName, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // No such node (another test's NodeMaintenance): nothing to do.
            return ReconciliationResult<NodeMaintenance>.Success(entity);
        }

        if ((node.Spec?.Unschedulable ?? false) != wantCordoned)
        {
            // The same strategic merge patch kubectl cordon/uncordon sends.
            var body = wantCordoned ? """{"spec":{"unschedulable":true}}""" : """{"spec":{"unschedulable":null}}""";
            await client.CoreV1.PatchNodeAsync(new V1Patch(body, V1Patch.PatchType.StrategicMergePatch), node.Metadata.Name, cancellationToken: cancellationToken);
        }

        return ReconciliationResult<NodeMaintenance>.Success(entity);
    }

    /// <inheritdoc />
    public Task DeletedAsync(NodeMaintenance entity, CancellationToken cancellationToken) => Task.CompletedTask;
}
