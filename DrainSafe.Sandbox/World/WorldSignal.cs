using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.World.Maintenance;

namespace DrainSafe.Sandbox.World;

/// <summary>Everything that wakes the world loop: store changes, kubelet notices, VM impacts, the timer.</summary>
internal abstract record WorldSignal
{
    /// <summary>A watched object changed.</summary>
    public sealed record Changed(WatchEvent Event) : WorldSignal;

    /// <summary>A fresh list of a resource (at start, and after a watch ended).</summary>
    public sealed record Listed(ResourceType Resource, IReadOnlyList<StoredObject> Items, long ResourceVersion) : WorldSignal;

    /// <summary>A bound pod got a deletionTimestamp: its kubelet starts the grace period.</summary>
    public sealed record PodDeletion(PodDeletionRequest Request) : WorldSignal;

    /// <summary>Azure maintenance took a VM down, brought it back, or deleted it.</summary>
    public sealed record VmImpact(VmImpactKind Kind, string VmName, string EventType) : WorldSignal;

    /// <summary>The earliest timed work is due.</summary>
    public sealed record Tick : WorldSignal;

    /// <summary>Runs on the loop, between batches (a consistent read of the world's own view, for tests and benchmarks).</summary>
    public sealed record Run(Action Action) : WorldSignal;
}
