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

    private sealed class UriRecorder : DelegatingHandler
    {
        public ConcurrentQueue<string> Uris { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Enqueue(request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
