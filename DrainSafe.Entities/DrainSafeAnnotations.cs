namespace DrainSafe.Entities;

/// <summary>
/// Annotation keys DrainSafe writes on Nodes. The keys are those of the original DrainSafe, so tools
/// built on them keep working. Written only by the operator.
/// </summary>
public static class DrainSafeAnnotations
{
    /// <summary>The node's <see cref="Entities.MaintenanceState"/> by name, mirrored from <c>status.state</c>.</summary>
    public const string MaintenanceState = NodeMaintenance.GroupName + "/maintenancestate";

    /// <summary>The <see cref="ScheduledEventType"/> of the event the node is handled for.</summary>
    public const string MaintenanceType = NodeMaintenance.GroupName + "/maintenancetype";

    /// <summary>
    /// Present while DrainSafe holds the node's cordon (it flipped <c>spec.unschedulable</c> from false
    /// to true): the durable half of the ownership record, with <c>status.cordonedByDrainSafe</c>.
    /// Only a node carrying it is uncordoned by DrainSafe; it is removed after the uncordon.
    /// </summary>
    public const string MaintenanceOwner = NodeMaintenance.GroupName + "/maintenanceowner";
}
