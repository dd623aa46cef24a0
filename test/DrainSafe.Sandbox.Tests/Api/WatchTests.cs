using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Store;
using k8s;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Watch_without_resource_version_replays_current_objects_as_ADDED_then_streams_changes()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("a"), "default");
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<(WatchEventType, string)>();

        await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", cancellationToken: cancel.Token))
        {
            seen.Add((type, pod.Metadata.Name));
            if (seen.Count == 1)
            {
                await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("b"), "default");
            }
            else if (seen.Count == 2)
            {
                await client.CoreV1.DeleteNamespacedPodAsync("a", "default");
            }
            else
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], seen);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_only_later_events()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var list = await client.CoreV1.ListNodeAsync();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-2"));
        await client.CoreV1.PatchNodeAsync(new V1Patch("{\"spec\":{\"unschedulable\":true}}", V1Patch.PatchType.MergePatch), "node-1");

        var (status, events, _) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={list.Metadata.ResourceVersion}",
            e => e.Count == 2);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["ADDED node-2", "MODIFIED node-1"], events.Select(e => $"{e["type"]} {e["object"]!["metadata"]!["name"]}"));
        Assert.True((bool)events[1]["object"]!["spec"]!["unschedulable"]!);
    }

    [Fact]
    public async Task Watch_with_bookmarks_receives_BOOKMARK_with_only_a_resource_version()
    {
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var http = new ApiHttp(server.BaseAddress);
        var current = server.Store.CurrentResourceVersion;

        var (_, events, _) = await http.WatchAsync($"/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion={current}",
            e => e.Count >= 1);

        var bookmark = events[0];
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        Assert.Equal("Pod", (string?)bookmark["object"]!["kind"]);
        Assert.Equal(current.ToString(), (string?)bookmark["object"]!["metadata"]!["resourceVersion"]);
        Assert.Single(bookmark["object"]!["metadata"]!.AsObject());
    }

    [Fact]
    public async Task Watch_without_bookmarks_gets_none()
    {
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(50) });
        using var http = new ApiHttp(server.BaseAddress);

        var (_, events, ended) = await http.WatchAsync($"/api/v1/pods?watch=1&resourceVersion={server.Store.CurrentResourceVersion}&timeoutSeconds=1",
            _ => false);

        Assert.True(ended);
        Assert.Empty(events);
    }

    [Fact]
    public async Task Watch_with_timeout_seconds_ends_the_stream_cleanly()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);

        var (status, events, ended) = await http.WatchAsync("/api/v1/nodes?watch=true&timeoutSeconds=1", _ => false);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ended);
        Assert.Empty(events);
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_gets_200_then_one_410_Expired_ERROR_and_ends()
    {
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { WatchHistoryPerResource = 2 });
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        var start = (await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"))).Metadata.ResourceVersion;
        for (var i = 2; i <= 5; i++)
        {
            await client.CoreV1.CreateNodeAsync(TestObjects.Node($"node-{i}"));
        }

        var (status, events, ended) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={start}", _ => false);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ended);
        var error = Assert.Single(events);
        Assert.Equal("ERROR", (string?)error["type"]);
        var body = error["object"]!;
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("Failure", (string?)body["status"]);
        Assert.Equal("Expired", (string?)body["reason"]);
        Assert.Equal(410, (int?)body["code"]);
        Assert.StartsWith($"too old resource version: {start} (", (string?)body["message"]);
    }

    [Fact]
    public async Task Resume_within_the_history_still_works_after_compaction_of_older_events()
    {
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { WatchHistoryPerResource = 2 });
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        for (var i = 1; i <= 4; i++)
        {
            await client.CoreV1.CreateNodeAsync(TestObjects.Node($"node-{i}"));
        }

        var third = (await client.CoreV1.ReadNodeAsync("node-3")).Metadata.ResourceVersion;
        var (_, events, _) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={third}", e => e.Count == 1);

        Assert.Equal("node-4", (string?)events[0]["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Expire_next_watch_makes_only_the_next_watch_expire()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);
        var current = server.Store.CurrentResourceVersion;
        server.Faults.ExpireNextWatch();

        var (_, first, firstEnded) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={current}", _ => false);
        var (_, second, secondEnded) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={current}&timeoutSeconds=1", _ => false);

        Assert.True(firstEnded);
        Assert.Equal(410, (int?)Assert.Single(first)["object"]!["code"]);
        Assert.True(secondEnded);
        Assert.Empty(second);
    }

    [Fact]
    public async Task Expire_watches_before_a_resource_version_expires_older_watches_only()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        var old = server.Store.CurrentResourceVersion;
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var current = server.Store.CurrentResourceVersion;
        server.Faults.ExpireWatchesBefore(current);

        var (_, expired, _) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={old}", _ => false);
        var (_, fine, _) = await http.WatchAsync($"/api/v1/nodes?watch=true&resourceVersion={current}&timeoutSeconds=1", _ => false);

        Assert.Equal("ERROR", (string?)Assert.Single(expired)["type"]);
        Assert.Empty(fine);
    }

    [Fact]
    public async Task Drop_all_watches_cuts_open_streams()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var watching = http.WatchAsync("/api/v1/nodes?watch=true", _ => false);
        await WaitUntilAsync(() => OpenWatchCount(server) == 1);
        server.Faults.DropAllWatches();
        var (_, events, ended) = await watching;

        Assert.True(ended);
        Assert.Equal("ADDED", (string?)Assert.Single(events)["type"]);
    }

    [Fact]
    public async Task Label_selected_watch_sees_objects_enter_and_leave_the_selection()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var from = server.Store.CurrentResourceVersion;
        await client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"pool\":\"a\"}}}", V1Patch.PatchType.MergePatch), "node-1");
        await client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"extra\":\"x\"}}}", V1Patch.PatchType.MergePatch), "node-1");
        await client.CoreV1.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":{\"pool\":null}}}", V1Patch.PatchType.MergePatch), "node-1");

        var (_, events, _) = await http.WatchAsync($"/api/v1/nodes?watch=true&labelSelector=pool%3Da&resourceVersion={from}", e => e.Count == 3);

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => (string?)e["type"]));
    }

    [Fact]
    public async Task Watcher_that_does_not_keep_up_is_closed_without_blocking_writers()
    {
        await using var server = await TestObjects.StartAsync();
        await using var slow = server.Store.Watch(server.Store.ResourceFor<V1Node>(),
            new WatchOptions { ResourceVersion = server.Store.CurrentResourceVersion.ToString(), QueueCapacity = 2 });

        for (var i = 0; i < 5; i++)
        {
            server.Store.Create(TestObjects.Node($"node-{i}"));
        }

        Assert.Equal(WatchCloseReason.TooSlow, slow.CloseReason);
        var received = new List<WatchEvent>();
        await foreach (var watchEvent in slow.ReadAllAsync())
        {
            received.Add(watchEvent);
        }

        Assert.Equal(2, received.Count);
        Assert.Equal(5, server.Store.List<V1Node>().Count);
    }

    [Fact]
    public async Task Watch_with_a_field_selector_on_node_name_sees_only_that_nodes_pods()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var cancel = new CancellationTokenSource(Patience);
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("on-1", "node-1"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("on-2", "node-2"), "default");

        var names = new List<string>();
        await foreach (var (_, pod) in client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-1",
            cancellationToken: cancel.Token))
        {
            names.Add(pod.Metadata.Name);
            if (names.Count == 1)
            {
                await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("later-2", "node-2"), "default");
                await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("later-1", "node-1"), "default");
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["on-1", "later-1"], names);
    }

    [Fact]
    public async Task Concurrent_writers_reach_a_watcher_once_each_in_resource_version_order()
    {
        await using var server = await TestObjects.StartAsync();
        var pods = server.Store.ResourceFor<V1Pod>();
        for (var i = 0; i < 4; i++)
        {
            server.Store.Create(TestObjects.Pod($"pod-{i}"));
        }

        await using var watch = server.Store.Watch(pods, new WatchOptions { ResourceVersion = server.Store.CurrentResourceVersion.ToString() });
        var writers = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                server.Store.Patch(pods, "default", $"pod-{i}", V1Patch.PatchType.MergePatch, $"{{\"metadata\":{{\"labels\":{{\"n\":\"{n}\"}}}}}}");
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var versions = new List<long>();
        using var cancel = new CancellationTokenSource(Patience);
        await foreach (var watchEvent in watch.ReadAllAsync(cancel.Token))
        {
            versions.Add(watchEvent.ResourceVersion);
            if (versions.Count == 800)
            {
                break;
            }
        }

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(800, versions.Distinct().Count());
        Assert.Equal(server.Store.CurrentResourceVersion, versions[^1]);
    }

    private static int OpenWatchCount(SandboxApiServer server) =>
        server.Store.OpenWatchCount;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, deadline.Token);
        }
    }
}
