using System.Collections.Concurrent;
using System.Net;
using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Reconcile;
using DrainSafe.Operator.Sdk.Watch;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>What the reconciler hands the controller while the informer's cache lags behind the controller's own writes.</summary>
[Collection(RuntimeSandboxCollection.Name)]
public sealed class NewestCopyTests
{
    [Fact]
    public async Task While_the_watch_is_down_the_next_pass_gets_the_copy_the_last_write_returned_not_the_outdated_cached_one()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.CreateAsync("w1");
        var api = new WatchesHangAndConflictsCounted();
        var seen = new ConcurrentDictionary<int, string?>();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            configure: settings => settings.KubernetesClientFactory = _ => new Kubernetes(cluster.Server.CreateClientConfiguration(), api),
            behave: b => b.Reconcile = async (widget, call, status, cancellationToken) =>
            {
                seen[call] = widget.Status.Phase;
                return call switch
                {
                    1 => ReconciliationResult<Widget>.Success(
                        await status.ReplaceStatusAsync(widget, w => w.Status.Phase = "one", cancellationToken), TimeSpan.FromMilliseconds(10)),
                    2 => ReconciliationResult<Widget>.Success(
                        await status.ReplaceStatusAsync(widget, w => w.Status.Phase = "two", cancellationToken)),
                    _ => ReconciliationResult<Widget>.Success(widget),
                };
            });

        await Eventually.HoldsAsync(async () => (await cluster.GetAsync("w1")).Status.Phase == "two", "the second pass writes its decision", () => op.Diagnostics);

        // The cache still holds the listed copy (no watch event arrived), yet the second pass decided from the first one's write.
        Assert.True(op.Get<DrainSafe.Operator.Sdk.Watch.ISharedInformer<Widget>>().Cache.TryGet("w1", out var cached));
        Assert.Null(cached.Status.Phase);
        Assert.Null(seen[1]);
        Assert.Equal("one", seen[2]);
        Assert.Equal(0, api.StatusConflicts);
    }

    [Fact]
    public async Task Once_the_cache_moves_on_the_pass_reads_the_cache_again()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await cluster.CreateAsync("w1");
        var seen = new ConcurrentDictionary<int, (string? Phase, string? Size)>();
        await using var op = await WidgetOperator.StartAsync(
            cluster,
            behave: b => b.Reconcile = async (widget, call, status, cancellationToken) =>
            {
                seen[call] = (widget.Status.Phase, widget.Spec.Size);
                return call == 1
                    ? ReconciliationResult<Widget>.Success(await status.ReplaceStatusAsync(widget, w => w.Status.Phase = "one", cancellationToken))
                    : ReconciliationResult<Widget>.Success(widget);
            });
        await Eventually.HoldsAsync(() => seen.ContainsKey(1), "the first pass runs", () => op.Diagnostics);
        var informer = op.Get<DrainSafe.Operator.Sdk.Watch.ISharedInformer<Widget>>();
        await Eventually.HoldsAsync(() => informer.Cache.TryGet("w1", out var w) && w.Status.Phase == "one", "the cache hears of the write", () => op.Diagnostics);

        // Someone else writes; the watch delivers it and the next pass must see it, not the copy the first pass wrote.
        await cluster.ResizeAsync("w1", "large");

        await Eventually.HoldsAsync(() => seen.ContainsKey(2), "the change is reconciled", () => op.Diagnostics);
        Assert.Equal(("one", "large"), seen[2]);
    }

    [Fact]
    public async Task A_remembered_copy_is_forgotten_as_soon_as_the_cache_holds_another_version()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var cache = new DictionaryCache();
        var listed = await cluster.CreateAsync("w1");
        cache.Put(listed);
        var controller = new WritingController(cluster);
        var reconciler = Reconciler(cluster, controller);

        await reconciler.ReconcileAsync("w1", cache, CancellationToken.None);
        Assert.Equal(1, reconciler.RememberedCopies);
        await reconciler.ReconcileAsync("w1", cache, CancellationToken.None);
        Assert.Equal([null, "1"], controller.Seen);

        // The watch brings the second write: nothing newer than the cache is left to remember.
        var stored = await cluster.GetAsync("w1");
        cache.Put(stored);
        reconciler.CacheChanged("w1", stored);
        Assert.Equal(0, reconciler.RememberedCopies);
        await reconciler.ReconcileAsync("w1", cache, CancellationToken.None);
        Assert.Equal("2", controller.Seen[^1]);
    }

    [Fact]
    public async Task A_write_the_cache_heard_of_before_the_pass_ended_is_not_remembered()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var cache = new DictionaryCache();
        cache.Put(await cluster.CreateAsync("w1"));
        // The watch is quick: the cache holds the written copy before the controller returns it.
        var controller = new WritingController(cluster, written => cache.Put(written));
        var reconciler = Reconciler(cluster, controller);

        await reconciler.ReconcileAsync("w1", cache, CancellationToken.None);

        Assert.Equal(0, reconciler.RememberedCopies);
    }

    private static EntityReconciler<Widget> Reconciler(WidgetCluster cluster, WritingController controller)
    {
        var services = new ServiceCollection().AddSingleton<IEntityController<Widget>>(controller).BuildServiceProvider();
        return new EntityReconciler<Widget>(
            services.GetRequiredService<IServiceScopeFactory>(), new EntityClient<Widget>(cluster.Client), [], NullLogger.Instance);
    }

    /// <summary>Writes the status phase "1", "2", ... from the copy it is given and returns the written copy.</summary>
    private sealed class WritingController(WidgetCluster cluster, Action<Widget>? written = null) : IEntityController<Widget>
    {
        public List<string?> Seen { get; } = [];

        public async Task<ReconciliationResult<Widget>> ReconcileAsync(Widget entity, CancellationToken cancellationToken)
        {
            Seen.Add(entity.Status.Phase);
            entity.Status.Phase = Seen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = await cluster.Client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<Widget>(
                entity, Widget.Group, Widget.Version, Widget.Plural, entity.Metadata.Name, cancellationToken: cancellationToken);
            written?.Invoke(result);
            return ReconciliationResult<Widget>.Success(result);
        }

        public Task DeletedAsync(Widget entity, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DictionaryCache : IEntityCache<Widget>
    {
        private readonly ConcurrentDictionary<string, Widget> items = new(StringComparer.Ordinal);

        public int Count => items.Count;

        public void Put(Widget widget) => items[widget.Metadata.Name] = widget;

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Widget entity) => items.TryGetValue(key, out entity);

        public IReadOnlyList<Widget> Snapshot() => [.. items.Values];
    }

    /// <summary>Holds every watch until it is cancelled (the cache hears nothing after the list) and counts 409s on status writes.</summary>
    private sealed class WatchesHangAndConflictsCounted : DelegatingHandler
    {
        private int statusConflicts;

        public int StatusConflicts => Volatile.Read(ref statusConflicts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Put && request.RequestUri.AbsolutePath.EndsWith("/status", StringComparison.Ordinal)
                && response.StatusCode == HttpStatusCode.Conflict)
            {
                Interlocked.Increment(ref statusConflicts);
            }

            return response;
        }
    }
}
