using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s.Models;

namespace DrainSafe.Entities;

/// <summary>
/// What DrainSafe did about the node's maintenance. Written by the operator through the status
/// subresource (PUT with the read resourceVersion), EXCEPT <see cref="ApprovedEventIds"/>, which only
/// the agent writes, with a merge patch of that field alone. A status PUT by the operator carries
/// <see cref="ApprovedEventIds"/> back unchanged, as read.
/// </summary>
/// <remarks>Record equality compares lists by reference: compare serialized forms to detect a change.</remarks>
[Description("What DrainSafe did about the node's maintenance. Written by the operator, except approvedEventIds (written by the agent).")]
public sealed record NodeMaintenanceStatus
{
    /// <summary>The lifecycle state. Operator.</summary>
    [AdditionalPrinterColumn("State")]
    [Description("The maintenance lifecycle state, mirrored onto the Node as the annotation drainsafe.azure.com/maintenancestate.")]
    public MaintenanceState? State { get; set; }

    /// <summary>The <c>metadata.generation</c> this status was computed from. Operator.</summary>
    [RangeMinimum(0)]
    [Description("The metadata.generation this status was computed from.")]
    public long? ObservedGeneration { get; set; }

    /// <summary>The event being handled, for display. Operator.</summary>
    [Description("The event being handled, for display.")]
    public CurrentEvent? CurrentEvent { get; set; }

    /// <summary>Drain progress; null before the first drain. Operator.</summary>
    [Description("Drain progress; absent before the node's first drain.")]
    public DrainProgress? Drain { get; set; }

    /// <summary>
    /// True while DrainSafe holds the node's cordon (it flipped <c>spec.unschedulable</c> false to true);
    /// only then does it uncordon. Operator.
    /// </summary>
    [Description("True while DrainSafe holds the node's cordon (it made the node unschedulable). A node cordoned by anyone else is never uncordoned by DrainSafe.")]
    public bool CordonedByDrainSafe { get; set; }

    /// <summary>Events every listed cluster node is drained for, so the agent may approve them. Operator.</summary>
    [ListType(ListType.Set)]
    [Description("Events the agent may approve: every cluster node listed in their resources is drained.")]
    public IList<string> ApprovableEventIds { get; set; } = [];

    /// <summary>Events the agent has approved with IMDS. AGENT (merge patch of this field only).</summary>
    [ListType(ListType.Set)]
    [Description("Events the agent has approved with IMDS. Written only by the agent.")]
    public IList<string> ApprovedEventIds { get; set; } = [];

    /// <summary>
    /// Events during which someone else made the node schedulable again; DrainSafe leaves the node alone until they
    /// leave the list (it does not cordon it again, and does not approve them). Operator.
    /// </summary>
    [ListType(ListType.Set)]
    [Description("Events during which someone else uncordoned the node; DrainSafe leaves the node alone until they end and does not approve them.")]
    public IList<string> YieldedEventIds { get; set; } = [];

    /// <summary>Conditions (<see cref="MaintenanceConditionTypes"/>). Operator.</summary>
    [ListType(ListType.Map, "type")]
    [Description("The latest observations of the maintenance: Cordoned, Drained, Approved.")]
    public IList<V1Condition> Conditions { get; set; } = [];

    /// <summary>The last error the operator met while handling the node; null when the last step succeeded. Operator.</summary>
    [Description("The last error met while handling the node; absent when the last step succeeded.")]
    public string? LastError { get; set; }
}
