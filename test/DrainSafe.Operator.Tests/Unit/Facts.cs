using DrainSafe.Entities;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Lifecycle;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

/// <summary>
/// A small builder for the facts <see cref="MaintenanceLifecycle.Next"/> decides on: node "node-0" with VM "vm-0",
/// schedulable, no events, default options, a fixed clock at <see cref="Now"/>.
/// </summary>
internal sealed class Facts
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public const string NodeName = "node-0";

    public const string VmName = "vm-0";

    private readonly List<ScheduledEvent> events = [];
    private readonly List<PeerMaintenance> peers = [];
    private readonly NodeMaintenanceStatus status = new();
    private NodeFacts? node = new(Unschedulable: false, OwnedCordon: false, ForeignRemediator: false);
    private DrainSnapshot drain = DrainSnapshot.NotRunning;
    private int clusterNodes = 3;
    private DateTimeOffset now = Now;

    public DrainSafeOptions Options { get; } = new();

    public static Facts For() => new();

    /// <summary>A Scheduled Reboot from the platform, listing this VM (and <paramref name="alsoLists"/>), due in <paramref name="dueIn"/>.</summary>
    public static ScheduledEvent Event(
        string id = "E1",
        TimeSpan? dueIn = null,
        ScheduledEventType type = ScheduledEventType.Reboot,
        ScheduledEventStatus status = ScheduledEventStatus.Scheduled,
        ScheduledEventSource source = ScheduledEventSource.Platform,
        params string[] alsoLists) => new()
        {
            EventId = id,
            EventType = type,
            EventStatus = status,
            EventSource = source,
            Resources = [VmName, .. alsoLists],
            NotBefore = status == ScheduledEventStatus.Started ? null : Now + (dueIn ?? TimeSpan.FromMinutes(10)),
        };

    public static ScheduledEvent Started(string id = "E1", ScheduledEventType type = ScheduledEventType.Reboot) =>
        Event(id, type: type, status: ScheduledEventStatus.Started);

    public Facts With(ScheduledEvent e)
    {
        events.Add(e);
        return this;
    }

    public Facts In(MaintenanceState? state)
    {
        status.State = state;
        return this;
    }

    public Facts Status(Action<NodeMaintenanceStatus> change)
    {
        change(status);
        return this;
    }

    public Facts Configure(Action<DrainSafeOptions> change)
    {
        change(Options);
        return this;
    }

    public Facts Node(bool unschedulable = false, bool ownedCordon = false)
    {
        node = new NodeFacts(unschedulable, ownedCordon, ForeignRemediator: false);
        return this;
    }

    public Facts NoNode()
    {
        node = null;
        return this;
    }

    /// <summary>This node as drained by DrainSafe: cordoned by it, unschedulable.</summary>
    public Facts CordonedByDrainSafe()
    {
        status.CordonedByDrainSafe = true;
        return Node(unschedulable: true, ownedCordon: true);
    }

    public Facts Peer(string nodeName, string vmName, MaintenanceState? state, DateTimeOffset? dueAt = null)
    {
        peers.Add(new PeerMaintenance(nodeName, vmName, state, dueAt));
        return this;
    }

    public Facts Drain(DrainPhase phase)
    {
        drain = DrainSnapshot.NotRunning with { Phase = phase };
        return this;
    }

    public Facts ClusterNodes(int count)
    {
        clusterNodes = count;
        return this;
    }

    public Facts At(DateTimeOffset time)
    {
        now = time;
        return this;
    }

    public NodeMaintenance Maintenance() => new()
    {
        Metadata = new() { Name = NodeName, Generation = 1 },
        Spec = new NodeMaintenanceSpec { NodeName = NodeName, VmName = VmName, Events = [.. events] },
        Status = status,
    };

    public MaintenanceFacts Build()
    {
        var maintenance = Maintenance();

        // As the controller reads them, the peers include this node itself.
        var all = peers.Prepend(new PeerMaintenance(NodeName, VmName, status.State, MaintenanceLifecycle.DueAt(maintenance, Options))).ToList();
        return new MaintenanceFacts(maintenance, node, all, clusterNodes, drain, Options, now);
    }

    public LifecycleStep Next() => MaintenanceLifecycle.Next(Build());
}
