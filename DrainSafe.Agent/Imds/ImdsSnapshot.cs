using DrainSafe.Entities;

namespace DrainSafe.Agent.Imds;

/// <summary>One well-formed scheduled events document: every event of it, whichever VMs they list.</summary>
/// <param name="DocumentIncarnation">IMDS <c>DocumentIncarnation</c>.</param>
/// <param name="Events">The events in document order.</param>
public sealed record ImdsSnapshot(long DocumentIncarnation, IReadOnlyList<ScheduledEvent> Events);
