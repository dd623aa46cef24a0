namespace DrainSafe.Entities;

/// <summary>Finalizer names DrainSafe puts on its objects.</summary>
public static class DrainSafeFinalizers
{
    /// <summary>
    /// On a NodeMaintenance: before it goes away, the operator restores the node if DrainSafe cordoned it.
    /// Shaped <c>{group}/{name}finalizer</c> like KubeOps' identifiers.
    /// </summary>
    public const string NodeMaintenance = Entities.NodeMaintenance.GroupName + "/nodemaintenancefinalizer";
}
