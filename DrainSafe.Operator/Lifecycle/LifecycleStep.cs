using DrainSafe.Entities;

namespace DrainSafe.Operator.Lifecycle;

/// <summary>The one thing the reconciler does next for a node. Each step is idempotent: doing it twice is harmless.</summary>
public abstract record LifecycleStep
{
    /// <summary>Why, in words for logs and Events.</summary>
    public required string Why { get; init; }
}

/// <summary>Nothing to do until something changes.</summary>
public sealed record Idle : LifecycleStep;

/// <summary>Nothing to do before <paramref name="Until"/> (or an earlier change); the state stays.</summary>
/// <param name="Until">When to look again.</param>
public sealed record WaitUntil(DateTimeOffset Until) : LifecycleStep;

/// <summary>Record a new state (status and the node annotation), for the event being handled.</summary>
/// <param name="State">The new state.</param>
/// <param name="Event">The event being handled; null when none is.</param>
/// <param name="Reason">The Event reason to publish.</param>
public sealed record EnterState(MaintenanceState State, ScheduledEvent? Event, string Reason) : LifecycleStep;

/// <summary>Cordon the node (taking ownership only if it was schedulable), then record NodeCordoned.</summary>
/// <param name="Event">The event being handled.</param>
public sealed record CordonNode(ScheduledEvent Event) : LifecycleStep;

/// <summary>Run the node's drain (start it if it does not run) and record its progress.</summary>
/// <param name="Event">The event being handled.</param>
/// <param name="Deadline">When the pods must be gone.</param>
public sealed record DrainNode(ScheduledEvent Event, DateTimeOffset Deadline) : LifecycleStep;

/// <summary>Set <c>status.approvableEventIds</c> to exactly <paramref name="EventIds"/>.</summary>
/// <param name="EventIds">The events the agent may approve.</param>
public sealed record SetApprovable(IReadOnlyList<string> EventIds) : LifecycleStep;

/// <summary>Give the node back (uncordon only what DrainSafe cordoned) and record NodeUncordoned.</summary>
public sealed record RestoreNode : LifecycleStep;

/// <summary>
/// Someone made the node schedulable again during the maintenance: drop the ownership, stop the drain, and leave the
/// node alone for these events (recorded in status, so a restart does not cordon it again).
/// </summary>
/// <param name="EventIds">The events to yield.</param>
public sealed record YieldNode(IReadOnlyList<string> EventIds) : LifecycleStep;

/// <summary>Set <c>status.yieldedEventIds</c> to <paramref name="StillListed"/>: the others have left the list.</summary>
/// <param name="StillListed">The yielded events that are still listed.</param>
public sealed record ForgetYieldedEvents(IReadOnlyList<string> StillListed) : LifecycleStep;
