namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>A node's row changed during a scenario (for a live, <c>kubectl get -w</c>-like view).</summary>
/// <param name="Elapsed">Time since the timeline started.</param>
/// <param name="At">The clock's time.</param>
/// <param name="Node">The node as it is now.</param>
/// <param name="Happened">What changed, in words; empty when only the pod count moved.</param>
public sealed record NodeChange(TimeSpan Elapsed, DateTimeOffset At, NodeView Node, string Happened);
