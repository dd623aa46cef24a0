namespace DrainSafe.Sandbox.Scenarios;

/// <summary>A scenario file that cannot be played; the message names the file, the field and the fix.</summary>
public sealed class ScenarioFormatException(string message, Exception? inner = null) : Exception(message, inner);
