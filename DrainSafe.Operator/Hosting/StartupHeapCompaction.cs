using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Watch;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Hosting;

/// <summary>
/// One compacting, aggressive full garbage collection per leadership term, once the start-up work is over: every
/// informer has listed and every NodeMaintenance has been reconciled once (or <see cref="CompactionGate.SettleTimeout"/>
/// has passed since the lists). The start-up lists of a large cluster (5000 AKS Nodes are 90 MiB of JSON) grow the
/// heap far beyond what the slim caches keep; without this the runtime keeps that memory committed for good (measured:
/// 360 MiB RSS idle at 5000 nodes while a heap dump found 23 MB of live objects). A gen2 collection of an idle heap that
/// small takes milliseconds; <see cref="CompactionGate"/> makes sure it cannot run repeatedly.
/// </summary>
internal sealed partial class StartupHeapCompaction : BackgroundService
{
    // How often the start-up state is looked at; a few snapshots of the NodeMaintenance cache per start-up.
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly ISharedInformer<NodeMaintenance> maintenances;
    private readonly IReadOnlyList<Func<bool>> informersSynced;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<StartupHeapCompaction> logger;
    private readonly Action compact;
    private readonly CompactionGate gate = new();

    public StartupHeapCompaction(
        ISharedInformer<NodeMaintenance> maintenances,
        ISharedInformer<V1Node> nodes,
        ISharedInformer<V1PodDisruptionBudget> budgets,
        TimeProvider timeProvider,
        ILogger<StartupHeapCompaction> logger)
        : this(maintenances, [() => maintenances.HasSynced, () => nodes.HasSynced, () => budgets.HasSynced], timeProvider, logger, CompactNow)
    {
    }

    internal StartupHeapCompaction(
        ISharedInformer<NodeMaintenance> maintenances,
        IReadOnlyList<Func<bool>> informersSynced,
        TimeProvider timeProvider,
        ILogger<StartupHeapCompaction> logger,
        Action compact)
    {
        this.maintenances = maintenances;
        this.informersSynced = informersSynced;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.compact = compact;
    }

    /// <summary>How many compactions ran (for tests).</summary>
    internal int Compactions { get; private set; }

    /// <summary>Whether every NodeMaintenance in the cache has been reconciled at its current generation.</summary>
    /// <param name="cached">The cache's objects.</param>
    internal static bool AllReconciled(IEnumerable<NodeMaintenance> cached) =>
        cached.All(m => m.Status?.ObservedGeneration is { } observed && observed == (m.Metadata.Generation ?? observed));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(PollInterval, timeProvider);
            do
            {
                var synced = informersSynced.All(s => s());
                if (gate.Observe(synced, () => AllReconciled(maintenances.Cache.Snapshot()), timeProvider.GetUtcNow()))
                {
                    Compact();
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static void CompactNow() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private void Compact()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var started = timeProvider.GetTimestamp();
        compact();
        Compactions++;
        LogCompacted(logger, before / (1024 * 1024), GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024), timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Start-up over: compacted the heap from {BeforeMiB} MiB to {AfterMiB} MiB in {Milliseconds:F0} ms")]
    private static partial void LogCompacted(ILogger logger, long beforeMiB, long afterMiB, double milliseconds);
}

/// <summary>
/// When <see cref="StartupHeapCompaction"/> compacts: once per term (a stretch during which every informer has synced),
/// when the term's start-up reconcile is over or <see cref="SettleTimeout"/> after its lists, and never twice within
/// <see cref="MinimumInterval"/> (leadership that flaps cannot make it run repeatedly). Pure: the caller passes the clock.
/// </summary>
internal sealed class CompactionGate
{
    /// <summary>Compact anyway this long after the lists, when some NodeMaintenance is never reconciled.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two compactions.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(10);

    private DateTimeOffset? syncedAt;
    private bool doneThisTerm;
    private DateTimeOffset? lastCompaction;

    /// <summary>Takes one observation; true when the caller must compact now.</summary>
    /// <param name="synced">Every informer has listed (false between terms).</param>
    /// <param name="reconciled">Whether every NodeMaintenance has been reconciled at its current generation; asked only while a compaction is due.</param>
    /// <param name="now">The time of the observation.</param>
    public bool Observe(bool synced, Func<bool> reconciled, DateTimeOffset now)
    {
        if (!synced)
        {
            // Between terms: the next term's lists grow the heap again.
            (syncedAt, doneThisTerm) = (null, false);
            return false;
        }

        syncedAt ??= now;
        if (doneThisTerm || (lastCompaction is { } last && now - last < MinimumInterval)
            || (now - syncedAt.Value < SettleTimeout && !reconciled()))
        {
            return false;
        }

        (doneThisTerm, lastCompaction) = (true, now);
        return true;
    }
}
