namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>The IMDS endpoints the simulator serves under a VM's base address.</summary>
internal enum ImdsRoute
{
    /// <summary><c>metadata/scheduledevents</c>: GET the document, POST approvals.</summary>
    ScheduledEvents,

    /// <summary><c>metadata/instance/compute/name</c>: GET the VM name as text.</summary>
    ComputeName,

    /// <summary>Anything else under the VM: 404.</summary>
    Unknown,
}
