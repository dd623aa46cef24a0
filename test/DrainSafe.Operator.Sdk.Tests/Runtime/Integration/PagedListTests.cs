using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Watch;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class PagedListTests
{
    [Fact]
    public async Task The_informer_lists_in_pages_and_caches_every_object_then_watches_from_the_list_version()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        var names = Enumerable.Range(1, 7).Select(i => $"w{i}").ToArray();
        foreach (var name in names)
        {
            await cluster.CreateAsync(name);
        }

        var requests = new UriRecorder();
        using var kubernetes = new Kubernetes(cluster.Server.CreateClientConfiguration(), requests);
        var informer = new EntityInformer<Widget>(
            new EntityClient<Widget>(kubernetes), new InformerSettings { ListPageSize = 3 }, TimeProvider.System, NullLogger.Instance);
        var changes = new ConcurrentQueue<EntityChange<Widget>>();
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => informer.RunAsync(changes.Enqueue, stop.Token));
        try
        {
            await Eventually.HoldsAsync(() => informer.HasSynced, "the informer has listed", () => string.Join('\n', requests.Uris));
            Assert.Equal(names, informer.Cache.Snapshot().Select(w => w.Metadata.Name).Order());
            var lists = requests.Uris.Where(u => !u.Contains("watch=true", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, lists.Count);
            Assert.All(lists, u => Assert.Contains("limit=3", u, StringComparison.Ordinal));
            Assert.All(lists.Skip(1), u => Assert.Contains("continue=", u, StringComparison.Ordinal));

            // Nothing is lost between the pages and the watch: an object created now arrives through the watch.
            await cluster.CreateAsync("w8");
            await Eventually.HoldsAsync(() => informer.Cache.TryGet("w8", out _), "w8 arrives through the watch", () => string.Join('\n', requests.Uris));
            Assert.Equal(3, requests.Uris.Count(u => !u.Contains("watch=true", StringComparison.Ordinal)));
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }

    [Fact]
    public async Task Each_page_is_transformed_before_the_next_page_is_asked_for_so_whole_objects_never_pile_up()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        for (var i = 1; i <= 7; i++)
        {
            await cluster.CreateAsync($"w{i}");
        }

        var transformed = 0;
        var transformedAtEachList = new ConcurrentQueue<int>();
        using var kubernetes = new Kubernetes(cluster.Server.CreateClientConfiguration(), new ListObserver(() => transformedAtEachList.Enqueue(Volatile.Read(ref transformed))));
        var informer = new EntityInformer<Widget>(
            new EntityClient<Widget>(kubernetes), new InformerSettings { ListPageSize = 3 }, TimeProvider.System, NullLogger.Instance,
            w =>
            {
                Interlocked.Increment(ref transformed);
                return w;
            });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => informer.RunAsync(_ => { }, stop.Token));
        try
        {
            await Eventually.HoldsAsync(() => informer.HasSynced, "the informer has listed");

            // Page 1 (3 objects) was transformed before page 2 was asked for, pages 1 and 2 before page 3; each object once.
            Assert.Equal([0, 3, 6], transformedAtEachList);
            Assert.Equal(7, Volatile.Read(ref transformed));
            Assert.Equal(7, informer.Cache.Count);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }

    [Theory]
    [InlineData(1, new[] { "first", "next", "first", "next", "next" })]
    [InlineData(2, new[] { "first", "next", "first", "next", "unpaged" })]
    public async Task A_continue_token_that_expires_mid_list_starts_the_paged_list_again_and_only_a_second_expiry_lists_unpaged(
        int expiries, string[] expected)
    {
        await using var cluster = await WidgetCluster.StartAsync();
        for (var i = 1; i <= 7; i++)
        {
            await cluster.CreateAsync($"w{i}");
        }

        var expired = 0;
        var requests = new UriRecorder(async uri =>
        {
            if (uri.Contains("continue=", StringComparison.Ordinal) && expired < expiries)
            {
                // A write, then a compaction past it: the token's first page is gone from the history.
                expired++;
                await cluster.ResizeAsync("w1", $"size-{expired}");
                cluster.Server.Faults.ExpireWatchesBefore(cluster.Server.Store.CurrentResourceVersion);
            }
        });
        using var kubernetes = new Kubernetes(cluster.Server.CreateClientConfiguration(), requests);
        var informer = new EntityInformer<Widget>(
            new EntityClient<Widget>(kubernetes), new InformerSettings { ListPageSize = 3 }, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => informer.RunAsync(_ => { }, stop.Token));
        try
        {
            await Eventually.HoldsAsync(() => informer.HasSynced, "the informer has listed", () => string.Join('\n', requests.Uris));

            var lists = requests.Uris.Where(u => !u.Contains("watch=true", StringComparison.Ordinal))
                .Select(u => u.Contains("continue=", StringComparison.Ordinal) ? "next" : u.Contains("limit=3", StringComparison.Ordinal) ? "first" : "unpaged");
            Assert.Equal(expected, lists);
            Assert.Equal(7, informer.Cache.Count);
            Assert.True(informer.Cache.TryGet("w1", out var w1));
            Assert.Equal($"size-{expiries}", w1.Spec.Size);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }

    private sealed class ListObserver(Action onList) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                onList();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class UriRecorder(Func<string, Task>? before = null) : DelegatingHandler
    {
        public ConcurrentQueue<string> Uris { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.PathAndQuery;
            Uris.Enqueue(uri);
            if (before is not null)
            {
                await before(uri);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
