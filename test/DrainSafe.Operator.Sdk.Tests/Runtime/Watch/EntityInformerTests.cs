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
    private readonly RetryDelays retries = new();
    private readonly InformerSettings settings = new() { HeartbeatWindow = Window, WatchTimeout = TimeSpan.FromMinutes(5) };
    private readonly EntityInformer<Widget> informer;
    private Task? running;

    public EntityInformerTests()
    {
        var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, api);
        informer = new EntityInformer<Widget>(
            new EntityClient<Widget>(kubernetes),
            settings,
            time,
            retries);
    }

    private void Start() => running = Task.Run(() => informer.RunAsync(changes.Enqueue, stop.Token));

    // Moves the fake clock on by step between looks until the informer has opened its next watch (how far does not
    // matter to the tests: they check the delay the informer asked for).
    private Task<ScriptedApi.WatchStream> AdvanceUntilNextWatchAsync(TimeSpan step, string what) =>
        Eventually.ReturnsAsync(_ =>
        {
            time.Advance(step);
            return Task.FromResult(api.TryNextWatch(out var next) ? next : null);
        }, what);

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
    public async Task A_watch_dropped_after_delivering_events_reconnects_after_the_base_delay_however_often_it_drops()
    {
        // Watches dropped every few seconds must not push the reconnect delay up to its maximum (10 s blind each time):
        // a watch that delivered something was healthy, so the trouble after it is a first failure.
        api.AnswerNextList("10");
        Start();
        var watch = await api.NextWatchAsync();
        for (var i = 0; i < 6; i++)
        {
            var name = $"w{i}";
            await watch.SendAsync(ScriptedApi.Event("ADDED", ScriptedApi.Widget(name, $"{20 + i}")));
            await Eventually.HoldsAsync(() => informer.Cache.TryGet(name, out _), $"{name} is cached", Changes);
            await watch.ResetAsync();
            await Eventually.HoldsAsync(() => retries.Delays.Count == i + 1, $"drop {i + 1} is reported with its retry delay");
            watch = await AdvanceUntilNextWatchAsync(settings.ReconnectBackoff.BaseDelay, $"the watch reopens after drop {i + 1}");
            Assert.Contains($"resourceVersion={20 + i}", watch.Uri, StringComparison.Ordinal);
        }

        Assert.All(retries.Delays, d => Assert.True(d <= settings.ReconnectBackoff.BaseDelay, $"retry delays {string.Join(", ", retries.Delays)} exceed the base delay"));
        Assert.Single(api.Requests, r => !r.Contains("watch=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watch_that_fails_before_delivering_anything_backs_off_longer_each_time()
    {
        api.AnswerNextList("10");
        Start();
        for (var i = 0; i < 4; i++)
        {
            var watch = await AdvanceUntilNextWatchAsync(TimeSpan.FromMilliseconds(50), $"watch {i + 1} opens");
            await watch.ResetAsync();
            await Eventually.HoldsAsync(() => retries.Delays.Count == i + 1, $"failure {i + 1} is reported with its retry delay");
        }

        var delays = retries.Delays;
        Assert.True(delays[3] > delays[0] * 4, $"retry delays {string.Join(", ", delays)} should grow");
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

    /// <summary>The retry delay of every failed list or watch the informer reports.</summary>
    private sealed class RetryDelays : Microsoft.Extensions.Logging.ILogger
    {
        private readonly ConcurrentQueue<TimeSpan> delays = new();

        public IReadOnlyList<TimeSpan> Delays => [.. delays];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "Delay").Value is TimeSpan delay)
            {
                delays.Enqueue(delay);
            }
        }
    }
}
