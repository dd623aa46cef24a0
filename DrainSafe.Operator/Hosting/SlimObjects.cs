using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Entities;
using k8s.Models;

namespace DrainSafe.Operator.Hosting;

/// <summary>
/// What the operator's caches keep of big objects. An AKS Node carries tens of KB of status (images, conditions) that
/// DrainSafe never reads; keeping only these fields keeps the operator small on a cluster of thousands of nodes.
/// </summary>
public static class SlimObjects
{
    /// <summary>The node's identity, DrainSafe's annotations, <c>spec.unschedulable</c> and taints.</summary>
    /// <param name="node">The node as listed or watched.</param>
    public static V1Node Node(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var annotations = node.Metadata.Annotations?
            .Where(a => a.Key.StartsWith(NodeMaintenance.GroupName + "/", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value);
        return new V1Node
        {
            ApiVersion = EntityDefinition.For<V1Node>().ApiVersion,
            Kind = EntityDefinition.For<V1Node>().Kind,
            Metadata = new V1ObjectMeta
            {
                Name = node.Metadata.Name,
                Uid = node.Metadata.Uid,
                ResourceVersion = node.Metadata.ResourceVersion,
                Annotations = annotations is { Count: > 0 } ? annotations : null,
            },
            Spec = new V1NodeSpec { Unschedulable = node.Spec?.Unschedulable, Taints = node.Spec?.Taints },
        };
    }
}
