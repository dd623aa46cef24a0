namespace DrainSafe.Sandbox.Imds;

/// <summary>What a VM's IMDS has seen so far, for tests, benchmarks and the demo summary.</summary>
/// <param name="VmName">The VM's compute name.</param>
/// <param name="DocumentIncarnation">The current DocumentIncarnation.</param>
/// <param name="Requests">Requests that reached this VM's IMDS, whatever the answer.</param>
/// <param name="Throttled">Requests answered 429 by the rate limit (not by an injected fault).</param>
/// <param name="WaitingRequests">Requests held back right now by injected latency or warm-up.</param>
/// <param name="IsDown">True while a Reboot/Redeploy/Preempt/Terminate keeps the VM down: its IMDS drops connections.</param>
/// <param name="DocumentsServed">Scheduled events documents answered as they are (no injected fault changed the answer).</param>
/// <param name="LastDocumentServedAt">When the last of those was answered; null before the first.</param>
/// <param name="PendingFaultCalls">Calls this VM's own injected faults will still answer (statuses and bodies).</param>
public sealed record ImdsVmStats(
    string VmName,
    long DocumentIncarnation,
    long Requests,
    long Throttled,
    int WaitingRequests,
    bool IsDown,
    long DocumentsServed = 0,
    DateTimeOffset? LastDocumentServedAt = null,
    int PendingFaultCalls = 0);
