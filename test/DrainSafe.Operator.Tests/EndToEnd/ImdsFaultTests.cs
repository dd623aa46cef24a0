using System.Collections.Concurrent;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Imds;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// IMDS trouble end to end, the real operator and a real agent per node over HTTP: an outage, 429 bursts, garbage
/// bodies and a DocumentIncarnation that goes backwards cordon no node wrongly and lose no event once IMDS answers.
/// </summary>
public sealed class ImdsFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private const string Garbage = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    private OperatorWorld world = null!;
    private InvariantMonitor monitor = null!;

    public async Task InitializeAsync()
    {
        world = await OperatorWorld.StartAsync(nodes: 3, serveImds: true);
        await world.DeployAsync("web", replicas: 3, graceSeconds: 10, pdbMaxUnavailable: "1");
        await world.StartOperatorAsync();
        await world.StartAgentsAsync(PollInterval);
        await Eventually.HoldsAsync(() => Enumerable.Range(0, 3).All(i => world.Maintenance(i) is not null), "every agent has created its NodeMaintenance");
        monitor = new InvariantMonitor(world, 3);
        monitor.Start();
    }

    public async Task DisposeAsync()
    {
        await monitor.DisposeAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task An_event_announced_while_imds_is_down_is_drained_once_it_answers_and_429s_and_garbage_cordon_nothing()
    {
        var imds = world.Cluster.Imds;
        imds.StopAnswering(OperatorWorld.Vm(0));
        var reboot = Schedule(ImdsEventTypes.Reboot, TimeSpan.FromMinutes(10), 0);
        var freeze = Schedule(ImdsEventTypes.Freeze, TimeSpan.FromMinutes(10), 1);
        await Eventually.HoldsAsync(() => world.Maintenance(1)!.Spec.Events.Any(e => e.EventId == freeze), "node 1's agent lists the Freeze");
        imds.FailNextCalls(429, 6, OperatorWorld.Vm(1));
        imds.ServeBodies(Garbage, 3, OperatorWorld.Vm(1));
        imds.ServeTruncatedBodies(2, OperatorWorld.Vm(1));
        imds.ServeEmptyBodies(2, OperatorWorld.Vm(1));

        // Down for many polls (the agent backs off meanwhile): six calls refused take several seconds at a 200 ms poll.
        await WaitForCallsAsync(0, 6);
        await WaitForCallsAsync(1, 13);
        Assert.Empty(world.Maintenance(0)!.Spec.Events);
        Assert.NotEqual(true, world.NodeObject(0).Spec.Unschedulable);
        Assert.Contains(world.Maintenance(1)!.Spec.Events, e => e.EventId == freeze);

        imds.ResumeAnswering(OperatorWorld.Vm(0));
        // Approved only once node 0 was drained (the monitor checks it at the approval), so the agent listed the event.
        await Eventually.HoldsAsync(() => imds.GetApprovals().Any(a => a.EventId == reboot), "the reboot approved with IMDS", () => world.Describe(0),
            TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => imds.GetEvents().All(e => e.EventId != reboot), "the reboot over", timeout: TimeSpan.FromSeconds(40));
        await world.WaitForStateAsync(0, MaintenanceState.NodeUncordoned, TimeSpan.FromSeconds(30));

        Assert.NotEqual(true, world.NodeObject(1).Spec.Unschedulable);
        Assert.NotEqual(true, world.NodeObject(2).Spec.Unschedulable);
        Assert.Empty(monitor.Violations);
    }

    [Fact]
    public async Task One_stale_document_of_a_lower_incarnation_neither_drops_the_event_nor_gives_the_node_back()
    {
        var imds = world.Cluster.Imds;
        var reboot = Schedule(ImdsEventTypes.Reboot, TimeSpan.FromMinutes(10), 0, duration: TimeSpan.FromSeconds(60));
        await world.WaitForStateAsync(0, MaintenanceState.MaintenanceStarted, TimeSpan.FromSeconds(30));
        var specs = RecordSpecs(0);
        var stale = imds.GetDocument(OperatorWorld.Vm(0)).DocumentIncarnation - 2;

        // What an old replica would say: the document before the event was announced.
        imds.ServeBodies($$"""{"DocumentIncarnation":{{stale}},"Events":[]}""", 1, OperatorWorld.Vm(0));
        await WaitForCallsAsync(0, 6);
        await Task.WhenAll(specs.Stop());

        Assert.All(specs.Seen, s => Assert.Contains(s, e => e.EventId == reboot));
        Assert.Equal(MaintenanceState.MaintenanceStarted, world.Maintenance(0)!.Status!.State);
        Assert.DoesNotContain(MaintenanceState.NodeUncordoned, world.States[OperatorWorld.Node(0)]);
        Assert.True(world.NodeObject(0).Spec.Unschedulable);
        Assert.Empty(monitor.Violations);
    }

    [Fact]
    public async Task A_restarted_imds_whose_incarnation_starts_over_loses_no_event_and_ends_the_maintenance()
    {
        var imds = world.Cluster.Imds;
        var first = Schedule(ImdsEventTypes.Reboot, TimeSpan.FromMinutes(10), 0, duration: TimeSpan.FromSeconds(8));
        await world.WaitForStateAsync(0, MaintenanceState.MaintenanceStarted, TimeSpan.FromSeconds(30));

        // Events announced and withdrawn in the placement group drive every VM's incarnation up, so that after the
        // restart the documents stay below it for the rest of the test.
        for (var i = 0; i < 6; i++)
        {
            var withdrawn = Schedule(ImdsEventTypes.Freeze, TimeSpan.FromMinutes(10), 2);
            Assert.True(imds.CancelEvent(withdrawn));
            monitor.Cancelled(withdrawn);
        }

        await WaitForCallsAsync(0, 3);
        await WaitForCallsAsync(1, 3);
        var before = imds.GetDocument(OperatorWorld.Vm(1)).DocumentIncarnation;
        Assert.True(before > 12, $"incarnation {before}");

        // Both VMs' IMDS restart: their incarnations start over at 1 while the first event is still Started.
        var specs = RecordSpecs(0);
        imds.RestartIncarnation(OperatorWorld.Vm(0));
        imds.RestartIncarnation(OperatorWorld.Vm(1));
        await WaitForCallsAsync(1, 3);
        var second = Schedule(ImdsEventTypes.Redeploy, TimeSpan.FromMinutes(10), 1);
        Assert.True(imds.GetDocument(OperatorWorld.Vm(1)).DocumentIncarnation < before, "the new event's incarnation is below the old one");

        await Eventually.HoldsAsync(() => imds.GetApprovals().Any(a => a.EventId == second), "the new event approved once node 1 was drained",
            () => world.Describe(1), TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => imds.GetEvents().Count == 0, "both events over", timeout: TimeSpan.FromSeconds(40));
        await world.WaitForStateAsync(0, MaintenanceState.NodeUncordoned, TimeSpan.FromSeconds(30));
        await world.WaitForStateAsync(1, MaintenanceState.NodeUncordoned, TimeSpan.FromSeconds(30));
        await specs.Stop();

        // Node 0's spec listed the first event until it ended, then never again: no flip-flop through the restart.
        var listsFirst = specs.Seen.Select(s => s.Any(e => e.EventId == first)).ToList();
        Assert.False(listsFirst[^1]);
        Assert.Equal(listsFirst.Count(l => l), listsFirst.TakeWhile(l => l).Count());
        Assert.Empty(monitor.Violations);
    }

    private string Schedule(string type, TimeSpan notice, int vm, TimeSpan? duration = null)
    {
        var id = Guid.NewGuid().ToString("D").ToUpperInvariant();
        monitor.Announced(id, type, [OperatorWorld.Vm(vm)]);
        world.Cluster.Imds.ScheduleEvent(new ScheduledEventSpec
        {
            EventId = id,
            EventType = type,
            Resources = [OperatorWorld.Vm(vm)],
            Notice = notice,
            Duration = duration ?? TimeSpan.FromSeconds(4),
            ImpactDuration = TimeSpan.FromSeconds(1),
        });
        return id;
    }

    private async Task WaitForCallsAsync(int vm, long calls)
    {
        var target = world.Cluster.Imds.GetVmStats(OperatorWorld.Vm(vm)).Requests + calls;
        await Eventually.HoldsAsync(() => world.Cluster.Imds.GetVmStats(OperatorWorld.Vm(vm)).Requests >= target,
            $"{OperatorWorld.Vm(vm)}'s IMDS called {calls} more times", timeout: TimeSpan.FromSeconds(60));
    }

    // Every spec node <paramref name="index"/>'s NodeMaintenance takes from now on, from the store's own watch.
    private SpecRecording RecordSpecs(int index)
    {
        var recording = new SpecRecording();
        var subscription = world.Store.Watch(world.Store.ResourceFor<NodeMaintenance>(), new Sandbox.Api.Store.WatchOptions
        {
            FieldSelector = "metadata.name=" + OperatorWorld.Node(index),
            ResourceVersion = world.Store.Get(world.Store.ResourceFor<NodeMaintenance>(), null, OperatorWorld.Node(index))!.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        recording.Reading = Task.Run(async () =>
        {
            await using (subscription)
            {
                try
                {
                    await foreach (var change in subscription.ReadAllAsync(recording.Stopping.Token))
                    {
                        if (change.Object is { } obj)
                        {
                            recording.Seen.Enqueue(obj.Deserialize<NodeMaintenance>().Spec.Events);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        return recording;
    }

    private sealed class SpecRecording
    {
        public ConcurrentQueue<IList<ScheduledEvent>> Seen { get; } = new();

        public CancellationTokenSource Stopping { get; } = new();

        public Task Reading { get; set; } = Task.CompletedTask;

        public Task Stop()
        {
            Stopping.Cancel();
            return Reading;
        }
    }
}
