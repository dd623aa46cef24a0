using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Watch;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Watch;

public sealed class EntityInformerTests : IAsyncDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider time = new();
    private readonly ScriptedApi api = new();
    private readonly ConcurrentQueue<EntityChange<Widget>> changes = new();
    private readonly CancellationTokenSource stop = new();
    private readonly EntityInformer<Widget> informer;
    private Task? running;

    public EntityInformerTests()
    {
        var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, api);
        informer = new EntityInformer<Widget>(
            new EntityClient<Widget>(kubernetes),
            new InformerSettings { HeartbeatWindow = Window, WatchTimeout = TimeSpan.FromMinutes(5) },
            time,
            NullLogger.Instance);
    }

    private void Start() => running = Task.Run(() => informer.RunAsync(changes.Enqueue, stop.Token));

    private string Changes() => string.Join('\n', changes.Select(c => $"{c.Type} {c.Current.Metadata.Name} rv={c.Current.Metadata.ResourceVersion}"));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        stop.Dispose();
    }

    [Fact]
    public async Task It_lists_then_watches_from_the_list_version_and_applies_events_to_the_cache()
    {
        api.AnswerNextList("10", ScriptedApi.Widget("a", "5"), ScriptedApi.Widget("b", "6"));
        Start();

        var watch = await api.NextWatchAsync();
        Assert.Contains("resourceVersion=10", watch.Uri, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", watch.Uri, StringComparison.Ordinal);
        await watch.SendAsync(ScriptedApi.Event("MODIFIED", ScriptedApi.Widget("a", "11", generation: 2)));
        await watch.SendAsync(ScriptedApi.Event("DELETED", ScriptedApi.Widget("b", "12")));

        await Eventually.HoldsAsync(() => changes.Count == 4, "four changes arrive", Changes);
        Assert.Equal(
            new[] { (EntityChangeType.Added, "a"), (EntityChangeType.Added, "b"), (EntityChangeType.Modified, "a"), (EntityChangeType.Deleted, "b") },
            changes.Select(c => (c.Type, c.Current.Metadata.Name)));
        Assert.True(informer.HasSynced);
        Assert.True(informer.Cache.TryGet("a", out var a));
        Assert.Equal(2, a.Metadata.Generation);
        Assert.False(informer.Cache.TryGet("b", out _));
    }

    [Fact]
    public async Task A_watch_that_ends_resumes_from_the_last_bookmark_without_relisting()
    {
        api.AnswerNextList("10");
        Start();
        var first = await api.NextWatchAsync();

        await first.SendAsync(ScriptedApi.Bookmark("20"));
        await first.CloseAsync();

        var second = await api.NextWatchAsync();
        Assert.Contains("resourceVersion=20", second.Uri, StringComparison.Ordinal);
        Assert.Single(api.Requests, r => !r.Contains("watch=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silent_watch_is_abandoned_after_the_heartbeat_window_and_reopened()
    {
        api.AnswerNextList("10", ScriptedApi.Widget("a", "5"));
        Start();
        var first = await api.NextWatchAsync();
        var before = informer.LastHeartbeat;

        time.Advance(Window);

        var second = await api.NextWatchAsync();
        Assert.Contains("resourceVersion=10", second.Uri, StringComparison.Ordinal);
        Assert.NotSame(first, second);
        await Eventually.HoldsAsync(() => informer.LastHeartbeat > before, "the reopened watch counts as a heartbeat");
    }

    [Fact]
    public async Task Events_and_bookmarks_keep_a_watch_alive_past_the_heartbeat_window()
    {
        api.AnswerNextList("10");
        Start();
        var watch = await api.NextWatchAsync();

        for (var i = 0; i < 4; i++)
        {
            time.Advance(Window / 2);
            await watch.SendAsync(ScriptedApi.Bookmark($"{20 + i}"));
            await Eventually.HoldsAsync(() => informer.LastHeartbeat == time.GetUtcNow(), "the bookmark is read");
        }

        Assert.Single(api.Requests, r => r.Contains("watch=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_watch_relists_and_reports_what_was_deleted_and_changed_meanwhile()
    {
        api.AnswerNextList("10", ScriptedApi.Widget("a", "5"), ScriptedApi.Widget("b", "6"), ScriptedApi.Widget("c", "7"));
        Start();
        var first = await api.NextWatchAsync();
        await Eventually.HoldsAsync(() => changes.Count == 3, "the first list is applied", Changes);
        api.AnswerNextList("30", ScriptedApi.Widget("b", "25", generation: 2), ScriptedApi.Widget("c", "7"), ScriptedApi.Widget("d", "26"));

        await first.SendAsync(ScriptedApi.Expired());

        var second = await api.NextWatchAsync();
        Assert.Contains("resourceVersion=30", second.Uri, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => changes.Count == 6, "the relist diff is applied", Changes);
        Assert.Equal(
            new[] { (EntityChangeType.Modified, "b"), (EntityChangeType.Added, "d"), (EntityChangeType.Deleted, "a") },
            changes.Skip(3).Select(c => (c.Type, c.Current.Metadata.Name)));
        Assert.Equal(3, informer.Cache.Count);
    }

    [Fact]
    public async Task A_list_that_never_answers_is_abandoned_after_the_heartbeat_window_and_retried()
    {
        api.HangNextList();
        api.AnswerNextList("10", ScriptedApi.Widget("a", "5"));
        Start();
        await Eventually.HoldsAsync(() => api.Requests.Count == 1, "the first LIST is sent");

        time.Advance(Window);

        var watch = await api.NextWatchAsync();
        Assert.Contains("resourceVersion=10", watch.Uri, StringComparison.Ordinal);
        Assert.True(informer.HasSynced);
        Assert.True(informer.Cache.TryGet("a", out _));
    }

    [Fact]
    public async Task An_object_deleted_and_recreated_under_the_same_name_while_away_is_reported_deleted_then_added()
    {
        api.AnswerNextList("10", ScriptedApi.Widget("a", "5", uid: "uid-old"));
        Start();
        var first = await api.NextWatchAsync();
        await Eventually.HoldsAsync(() => changes.Count == 1, "the first list is applied", Changes);
        api.AnswerNextList("30", ScriptedApi.Widget("a", "25", uid: "uid-new"));

        await first.SendAsync(ScriptedApi.Expired());

        await Eventually.HoldsAsync(() => changes.Count == 3, "the relist diff is applied", Changes);
        Assert.Equal(
            new[] { (EntityChangeType.Deleted, "uid-old"), (EntityChangeType.Added, "uid-new") },
            changes.Skip(1).Select(c => (c.Type, c.Current.Metadata.Uid)));
        Assert.True(informer.Cache.TryGet("a", out var a));
        Assert.Equal("uid-new", a.Metadata.Uid);
    }
}
