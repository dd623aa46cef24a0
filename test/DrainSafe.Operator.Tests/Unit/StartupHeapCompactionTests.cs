using DrainSafe.Entities;
using DrainSafe.Operator.Hosting;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Tests.Unit;

/// <summary>The heap is compacted once per term, when the start-up work is over, and never repeatedly.</summary>
public sealed class StartupHeapCompactionTests
{
    private static readonly DateTimeOffset T0 = Facts.Now;

    private static bool Yes() => true;

    private static bool No() => false;

    [Fact]
    public void Nothing_is_compacted_before_every_informer_has_listed()
    {
        var gate = new CompactionGate();

        Assert.False(gate.Observe(synced: false, Yes, T0));
        Assert.False(gate.Observe(synced: false, Yes, T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Once_listed_it_waits_for_every_maintenance_to_be_reconciled_then_compacts_once()
    {
        var gate = new CompactionGate();

        Assert.False(gate.Observe(synced: true, No, T0));
        Assert.False(gate.Observe(synced: true, No, T0 + TimeSpan.FromMinutes(1)));
        Assert.True(gate.Observe(synced: true, Yes, T0 + TimeSpan.FromMinutes(2)));
        Assert.False(gate.Observe(synced: true, Yes, T0 + TimeSpan.FromMinutes(3)));
        Assert.False(gate.Observe(synced: true, Yes, T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void A_maintenance_never_reconciled_delays_it_by_the_settle_timeout_at_most()
    {
        var gate = new CompactionGate();

        Assert.False(gate.Observe(synced: true, No, T0));
        Assert.False(gate.Observe(synced: true, No, T0 + CompactionGate.SettleTimeout - TimeSpan.FromSeconds(1)));
        Assert.True(gate.Observe(synced: true, No, T0 + CompactionGate.SettleTimeout));
        Assert.False(gate.Observe(synced: true, No, T0 + (2 * CompactionGate.SettleTimeout)));
    }

    [Fact]
    public void The_reconcile_check_is_not_made_once_the_term_has_compacted()
    {
        var gate = new CompactionGate();
        Assert.True(gate.Observe(synced: true, Yes, T0));

        Assert.False(gate.Observe(synced: true, () => throw new InvalidOperationException("asked after the compaction"), T0 + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_new_term_compacts_again_but_never_within_the_minimum_interval()
    {
        var gate = new CompactionGate();
        Assert.True(gate.Observe(synced: true, Yes, T0));

        // Leadership lost and won back a minute later: the new term's lists are in, but the last compaction is too recent.
        Assert.False(gate.Observe(synced: false, Yes, T0 + TimeSpan.FromMinutes(1)));
        Assert.False(gate.Observe(synced: true, Yes, T0 + TimeSpan.FromMinutes(1)));
        Assert.False(gate.Observe(synced: true, Yes, T0 + CompactionGate.MinimumInterval - TimeSpan.FromSeconds(1)));

        // Deferred, not dropped: once the interval has passed the term gets its one compaction.
        Assert.True(gate.Observe(synced: true, Yes, T0 + CompactionGate.MinimumInterval));
        Assert.False(gate.Observe(synced: true, Yes, T0 + (3 * CompactionGate.MinimumInterval)));
    }

    [Fact]
    public void A_maintenance_counts_as_reconciled_when_its_status_observed_its_generation()
    {
        static NodeMaintenance Maintenance(long? generation, long? observed) => new()
        {
            Metadata = new V1ObjectMeta { Name = "node-0", Generation = generation },
            Status = observed is null ? null! : new NodeMaintenanceStatus { ObservedGeneration = observed },
        };

        Assert.True(StartupHeapCompaction.AllReconciled([]));
        Assert.True(StartupHeapCompaction.AllReconciled([Maintenance(3, 3), Maintenance(null, 1)]));
        Assert.False(StartupHeapCompaction.AllReconciled([Maintenance(3, 3), Maintenance(4, 3)]));
        Assert.False(StartupHeapCompaction.AllReconciled([Maintenance(1, null)]));
    }

    [Fact]
    public async Task The_service_compacts_once_after_the_lists_and_the_first_reconciles_and_not_again()
    {
        var clock = new FakeTimeProvider(T0);
        var synced = false;
        var maintenances = new FakeInformer();
        var compactions = 0;
        using var service = new StartupHeapCompaction(
            maintenances, [() => synced], clock, NullLogger<StartupHeapCompaction>.Instance, () => Interlocked.Increment(ref compactions));
        await service.StartAsync(CancellationToken.None);

        // Listed, but the maintenance has no status yet: no compaction, however many polls.
        synced = true;
        maintenances.Items = [new NodeMaintenance { Metadata = new V1ObjectMeta { Name = "node-0", Generation = 1 } }];
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(StartupHeapCompaction.PollInterval);
        }

        Assert.Equal(0, Volatile.Read(ref compactions));

        maintenances.Items = [new NodeMaintenance { Metadata = new V1ObjectMeta { Name = "node-0", Generation = 1 }, Status = new() { ObservedGeneration = 1 } }];
        await Eventually.HoldsAsync(() =>
        {
            clock.Advance(StartupHeapCompaction.PollInterval);
            return Volatile.Read(ref compactions) == 1;
        }, "one compaction once every maintenance is reconciled");

        for (var i = 0; i < 100; i++)
        {
            clock.Advance(StartupHeapCompaction.PollInterval);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(1, Volatile.Read(ref compactions));
        Assert.Equal(1, service.Compactions);
    }

    [Fact]
    public void Only_a_host_that_owns_its_process_compacts_the_heap()
    {
        var nowhere = new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" };
        string[] args = ["--Operator:Health:Port=0", "--Operator:LeaderElection:Enabled=false"];

        using var own = OperatorHost.Create(args, nowhere, ownsProcess: true);
        using var shared = OperatorHost.Create(args, nowhere);

        Assert.Single(own.Services.GetServices<IHostedService>().OfType<StartupHeapCompaction>());
        Assert.Empty(shared.Services.GetServices<IHostedService>().OfType<StartupHeapCompaction>());
    }

    private sealed class FakeInformer : ISharedInformer<NodeMaintenance>, IEntityCache<NodeMaintenance>
    {
        public volatile IReadOnlyList<NodeMaintenance> Items = [];

        public IEntityCache<NodeMaintenance> Cache => this;

        public bool HasSynced => true;

        public int Count => Items.Count;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IDisposable Subscribe(Action<EntityChange<NodeMaintenance>> handler) => throw new NotSupportedException();

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out NodeMaintenance entity) =>
            throw new NotSupportedException();

        public IReadOnlyList<NodeMaintenance> Snapshot() => Items;
    }
}
