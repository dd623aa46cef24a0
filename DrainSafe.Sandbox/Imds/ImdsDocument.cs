namespace DrainSafe.Sandbox.Imds;

/// <summary>A VM's Scheduled Events document, as served at that moment.</summary>
/// <param name="DocumentIncarnation">Changes exactly when the VM's list of events changes.</param>
/// <param name="Events">The events the VM sees, in the order they were announced.</param>
public sealed record ImdsDocument(long DocumentIncarnation, IReadOnlyList<ImdsScheduledEvent> Events);
