using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.World.State;

/// <summary>One change of the mirror: the record before (null when new) and after (null when removed).</summary>
internal sealed record StateChange(ResourceType Resource, object? Before, object? After);
