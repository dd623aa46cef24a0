namespace DrainSafe.Entities;

/// <summary>The <c>type</c>s of the conditions in <c>status.conditions</c>, written by the operator.</summary>
public static class MaintenanceConditionTypes
{
    /// <summary>True while the node is unschedulable because of this maintenance.</summary>
    public const string Cordoned = "Cordoned";

    /// <summary>True once every evictable pod has left the node.</summary>
    public const string Drained = "Drained";

    /// <summary>True once the agent has approved the current event with IMDS.</summary>
    public const string Approved = "Approved";
}
