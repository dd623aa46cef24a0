using DrainSafe.Operator.Abstractions.Entities.Attributes;

namespace DrainSafe.Entities;

/// <summary>
/// The scheduled events that IMDS reports for the node's VM, as the agent last saw them.
/// Written ONLY by the agent on that node (a ValidatingAdmissionPolicy holds it to its own node);
/// the operator reads it and never writes it.
/// </summary>
[Description("The scheduled events Azure IMDS reports for this node's VM. Written only by the DrainSafe agent on the node.")]
public sealed record NodeMaintenanceSpec
{
    /// <summary>The node's name; equal to <c>metadata.name</c> and immutable.</summary>
    [Required]
    [Length(1, 253)]
    [ValidationRule("self == oldSelf", "spec.nodeName is immutable")]
    [AdditionalPrinterColumn("Node", priority: 1)]
    [Description("The node's name. Must equal metadata.name; immutable.")]
    public string NodeName { get; set; } = string.Empty;

    /// <summary>The VM's name as IMDS reports it (<c>compute/name</c>); events list VMs by this name.</summary>
    [Required]
    [Length(minLength: 1)]
    [AdditionalPrinterColumn("VM", priority: 1)]
    [Description("The VM's name as Azure IMDS reports it (compute/name; {scaleSetName}_{instanceId} on a scale set). Scheduled events list the VMs they affect by this name.")]
    public string VmName { get; set; } = string.Empty;

    /// <summary>IMDS <c>DocumentIncarnation</c> of the document the events come from.</summary>
    [RangeMinimum(0)]
    [Description("DocumentIncarnation of the IMDS document the events were read from; it changes whenever the event list changes.")]
    public long DocumentIncarnation { get; set; }

    /// <summary>The events of the document that list this VM in their resources; empty when none does.</summary>
    [ListType(ListType.Map, "eventId")]
    [Description("The scheduled events that list this VM in their resources, as IMDS reports them. Empty when there is none: maintenance is over only when no event for the VM remains.")]
    public IList<ScheduledEvent> Events { get; set; } = [];
}
