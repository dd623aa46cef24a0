using DrainSafe.Entities;

namespace DrainSafe.Agent.Kubernetes;

/// <summary>One event of the watch of the agent's own NodeMaintenance.</summary>
/// <param name="Type">ADDED, MODIFIED, DELETED or BOOKMARK.</param>
/// <param name="Object">The object (null for a bookmark).</param>
/// <param name="ResourceVersion">Where a resumed watch starts.</param>
public sealed record WatchedChange(string Type, NodeMaintenance? Object, string ResourceVersion);
