
namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>A timeline step that announced an event, and the event's IMDS id.</summary>
/// <param name="Step">The step.</param>
/// <param name="EventId">The EventId the simulated Azure gave it.</param>
internal sealed record TimelineStepEvent(TimelineStep Step, string EventId);
