using DrainSafe.Operator.Drain;
using k8s.Models;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>What the lifecycle needs to know of the Node.</summary>
/// <param name="Unschedulable">True when the node is cordoned (by anyone).</param>
/// <param name="OwnedCordon">True when the node carries DrainSafe's ownership annotation.</param>
/// <param name="ForeignRemediator">True when another remediator's taint is on the node.</param>
public sealed record NodeFacts(bool Unschedulable, bool OwnedCordon, bool ForeignRemediator)
{
    /// <summary>Reads the facts off a Node.</summary>
    /// <param name="node">The node.</param>
    public static NodeFacts Of(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new NodeFacts(node.Spec?.Unschedulable == true, NodeCordoner.IsOwnedCordon(node), NodeTaints.HasForeignRemediator(node));
    }
}
