namespace DrainSafe.Sandbox.World;

/// <summary>
/// What the controllers must look at in the next pass, collected from the changes of a batch so that a burst of
/// events costs one recomputation per object.
/// </summary>
internal sealed class PendingWork
{
    public HashSet<string> Workloads { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Pdbs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Pods { get; } = new(StringComparer.Ordinal);

    public HashSet<string> NodesUp { get; } = new(StringComparer.Ordinal);

    public HashSet<string> NodesGone { get; } = new(StringComparer.Ordinal);

    public bool Schedule { get; set; }

    public bool AllDaemonSets { get; set; }

    public bool IsEmpty => Workloads.Count == 0 && Pdbs.Count == 0 && Pods.Count == 0 && NodesUp.Count == 0
        && NodesGone.Count == 0 && !Schedule && !AllDaemonSets;

    /// <summary>Moves everything into <paramref name="target"/> and leaves this empty.</summary>
    public void MoveTo(PendingWork target)
    {
        target.Workloads.UnionWith(Workloads);
        target.Pdbs.UnionWith(Pdbs);
        target.Pods.UnionWith(Pods);
        target.NodesUp.UnionWith(NodesUp);
        target.NodesGone.UnionWith(NodesGone);
        target.Schedule |= Schedule;
        target.AllDaemonSets |= AllDaemonSets;
        Workloads.Clear();
        Pdbs.Clear();
        Pods.Clear();
        NodesUp.Clear();
        NodesGone.Clear();
        Schedule = false;
        AllDaemonSets = false;
    }
}
