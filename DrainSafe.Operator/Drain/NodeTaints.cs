using DrainSafe.Entities;
using k8s.Models;

namespace DrainSafe.Operator.Drain;

/// <summary>The taints DrainSafe puts on nodes, and the ones of other tools it respects.</summary>
public static class NodeTaints
{
    /// <summary>DrainSafe's own taint key (value: the event type; effect NoSchedule), added with the cordon when configured.</summary>
    public const string Maintenance = NodeMaintenance.GroupName + "/maintenance";

    /// <summary>AKS node auto-repair's taint: a node carrying it is AKS's to uncordon, never DrainSafe's.</summary>
    public const string AksRemediator = "remediator.kubernetes.azure.com/unschedulable";

    /// <summary>DrainSafe's taint for an event of <paramref name="eventType"/>.</summary>
    /// <param name="eventType">The event's type.</param>
    public static V1Taint For(ScheduledEventType eventType) => new() { Key = Maintenance, Value = eventType.ToString(), Effect = "NoSchedule" };

    /// <summary>True when another remediator has claimed the node (it stays cordoned after DrainSafe is done).</summary>
    /// <param name="node">The node.</param>
    public static bool HasForeignRemediator(V1Node node) => node.Spec?.Taints?.Any(t => t.Key == AksRemediator) == true;
}
