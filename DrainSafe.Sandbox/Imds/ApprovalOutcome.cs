namespace DrainSafe.Sandbox.Imds;

/// <summary>How the simulator answered a StartRequests POST.</summary>
internal enum ApprovalOutcome
{
    /// <summary>Every EventId is an event this VM sees: 200.</summary>
    Accepted,

    /// <summary>Some EventId is not an event this VM sees (unknown, gone, or for other VMs only): 400, nothing approved.</summary>
    UnknownEvent,
}
