using DrainSafe.Entities;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Drain;

/// <summary>What one node's drain must do.</summary>
/// <param name="Maintenance">The node's NodeMaintenance (Events are published on it).</param>
/// <param name="NodeName">The node.</param>
/// <param name="Deadline">When the pods must be gone.</param>
/// <param name="NotBefore">The event's NotBefore: the hard end for grace periods at the deadline; null once Started.</param>
/// <param name="Policy">Which pods to evict.</param>
/// <param name="AtDeadline">What happens to pods left at the deadline.</param>
/// <param name="DryRun">Say what would be evicted, evict nothing.</param>
/// <param name="PreviouslyEvicted">Pods an earlier run (before a restart) already evicted, for the count.</param>
public sealed record DrainRequest(
    NodeMaintenance Maintenance,
    string NodeName,
    DateTimeOffset Deadline,
    DateTimeOffset? NotBefore,
    DrainPolicy Policy,
    DeadlinePolicy AtDeadline,
    bool DryRun,
    int PreviouslyEvicted);
