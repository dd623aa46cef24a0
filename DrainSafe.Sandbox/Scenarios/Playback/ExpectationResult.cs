namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>One expectation of a scenario and how it came out, with the reason.</summary>
/// <param name="Name">What was expected, in words.</param>
/// <param name="Outcome">Held, failed, or not evaluated.</param>
/// <param name="Reason">Why, naming nodes, events or pods.</param>
public sealed record ExpectationResult(string Name, ExpectationOutcome Outcome, string Reason);
