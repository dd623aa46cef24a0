namespace DrainSafe.Sandbox.Imds;

/// <summary>One accepted StartRequest entry (answered 200).</summary>
/// <param name="EventId">The event's id as the simulator knows it (its original letter case).</param>
/// <param name="ApprovedBy">The VM whose IMDS received the POST.</param>
/// <param name="At">When it was received.</param>
/// <param name="StartedTheEvent">True if this approval moved the event from Scheduled to Started; false if it was already Started.</param>
public sealed record ImdsApproval(string EventId, string ApprovedBy, DateTimeOffset At, bool StartedTheEvent);
