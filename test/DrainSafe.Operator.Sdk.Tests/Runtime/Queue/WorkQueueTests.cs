using System.Collections.Concurrent;
using DrainSafe.Operator.Sdk.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<string> TakeWithin(WorkQueue<string> queue)
    {
        using var timeout = new CancellationTokenSource(Bound);
        return await queue.TakeAsync(timeout.Token);
    }

    [Fact]
    public async Task A_key_added_twice_before_it_is_taken_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>(time);

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await TakeWithin(queue));
        Assert.Equal("b", await TakeWithin(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_a_worker_holds_it_is_handed_out_again_only_after_Done()
    {
        using var queue = new WorkQueue<string>(time);
        queue.Add("a");
        var taken = await TakeWithin(queue);

        queue.Add("a");
        queue.Add("a");

        Assert.Equal(0, queue.Count);
        queue.Done(taken);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await TakeWithin(queue));
    }

    [Fact]
    public async Task A_key_that_was_not_added_again_is_not_handed_out_after_Done()
    {
        using var queue = new WorkQueue<string>(time);
        queue.Add("a");
        queue.Done(await TakeWithin(queue));

        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.ProcessingCount);
    }

    [Fact]
    public async Task Many_workers_never_hold_the_same_key_at_once_and_no_add_is_lost()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System);
        var holding = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var processedAfterLastAdd = new ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        async Task Worker()
        {
            while (true)
            {
                string key;
                try
                {
                    key = await queue.TakeAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (holding.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                processedAfterLastAdd[key] = true;
                if (key != "started" && Random.Shared.Next(4) == 0)
                {
                    // A change of the key while a worker holds it: the queue must keep it from the other workers.
                    processedAfterLastAdd[key] = false;
                    queue.Add(key);
                }

                await Task.Yield();
                holding.AddOrUpdate(key, 0, (_, n) => n - 1);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToArray();
        // Keys arrive only once the workers demonstrably run, and keep arriving from two producers while they do.
        processedAfterLastAdd["started"] = false;
        queue.Add("started");
        await Eventually.HoldsAsync(() => processedAfterLastAdd["started"], "a worker runs");

        async Task Producer(int offset)
        {
            for (var round = 0; round < 1000; round++)
            {
                var key = $"k{(round + offset) % 5}";
                processedAfterLastAdd[key] = false;
                queue.Add(key);
                await Task.Yield();
            }
        }

        await Task.WhenAll(Task.Run(() => Producer(0)), Task.Run(() => Producer(2)));

        // Every key's last add must be followed by a pass: the queue drains to idle with each key processed.
        await Eventually.HoldsAsync(
            () => queue.Count == 0 && queue.ProcessingCount == 0 && processedAfterLastAdd.Values.All(v => v),
            "the queue drains to idle with every key processed after its last add");

        queue.ShutDown();
        await Task.WhenAll(workers);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public void A_key_that_failed_many_times_is_still_handed_out_after_each_backoff()
    {
        using var queue = new WorkQueue<string>(time, new RetryBackoffSettings { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 });

        for (var failure = 1; failure <= 30; failure++)
        {
            var delay = queue.AddRateLimited("a");
            time.Advance(delay);

            Assert.True(queue.Count == 1, $"after failure {failure} the key was not handed out again");
            Assert.True(queue.TakeAsync(CancellationToken.None).IsCompletedSuccessfully);
            queue.Done("a");
        }

        Assert.Equal(30, queue.Requeues("a"));
    }

    [Fact]
    public void A_delayed_key_is_not_handed_out_before_its_time()
    {
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(4.9));

        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.WaitingCount);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void An_earlier_delayed_add_brings_a_waiting_key_forward()
    {
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void A_later_delayed_add_does_not_push_back_a_waiting_key()
    {
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task A_delayed_key_that_falls_due_while_already_queued_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>(time);

        queue.Add("a");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await TakeWithin(queue));
    }

    [Fact]
    public void Delayed_keys_fall_due_in_time_order()
    {
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Rate_limited_retries_wait_longer_after_each_failure_until_the_cap()
    {
        using var queue = new WorkQueue<string>(
            time,
            new RetryBackoffSettings { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 });

        var delays = Enumerable.Range(0, 12).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.Equal(
            new[] { 5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
            delays);
        Assert.Equal(12, queue.Requeues("a"));
    }

    [Fact]
    public void A_rate_limited_key_is_handed_out_after_its_backoff()
    {
        using var queue = new WorkQueue<string>(time, new RetryBackoffSettings { JitterFraction = 0 });

        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        var third = queue.AddRateLimited("a");

        Assert.Equal(TimeSpan.FromMilliseconds(20), third);
        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.WaitingCount);
        // The earliest of the three delayed adds (5 ms) decides when the key is handed out.
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void Forget_resets_the_backoff_of_a_key_only()
    {
        using var queue = new WorkQueue<string>(time, new RetryBackoffSettings { JitterFraction = 0 });
        for (var i = 0; i < 5; i++)
        {
            queue.AddRateLimited("a");
            queue.AddRateLimited("b");
        }

        queue.Forget("a");

        Assert.Equal(0, queue.Requeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(160), queue.AddRateLimited("b"));
    }

    [Fact]
    public async Task Shutting_down_releases_a_waiting_worker_and_ignores_later_adds()
    {
        using var queue = new WorkQueue<string>(time);
        using var timeout = new CancellationTokenSource(Bound);
        var waiting = queue.TakeAsync(timeout.Token);

        queue.ShutDown();
        queue.Add("a");
        queue.AddAfter("b", TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(timeout.IsCancellationRequested);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public async Task A_key_held_by_a_worker_counts_as_processing_until_Done()
    {
        using var queue = new WorkQueue<string>(time);
        queue.Add("a");
        queue.Add("b");

        var taken = await TakeWithin(queue);

        Assert.Equal(1, queue.ProcessingCount);
        Assert.Equal(1, queue.Count);
        queue.Done(taken);
        Assert.Equal(0, queue.ProcessingCount);
    }

    [Fact]
    public void An_immediate_add_does_not_cancel_a_pending_delayed_add_of_the_same_key()
    {
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        // An event for the key arrives while its periodic requeue waits: it is queued now, and the requeue still comes.
        queue.AddAfter("a", TimeSpan.Zero);

        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.WaitingCount);
        Assert.True(queue.TakeAsync(CancellationToken.None).IsCompletedSuccessfully);
        queue.Done("a");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void A_negative_delay_queues_the_key_at_once()
    {
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(-1));

        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public async Task A_key_delayed_again_after_it_was_handed_out_is_not_handed_out_early_by_its_superseded_delay()
    {
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("other", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(queue.TakeAsync(CancellationToken.None).IsCompletedSuccessfully);
        queue.Done("a");

        // Now 2 s in: a is to come at 22 s; the 10 s it was first given no longer counts.
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.WaitingCount);
        Assert.True(queue.TakeAsync(CancellationToken.None).IsCompletedSuccessfully);
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await TakeWithin(queue));
    }

    [Fact]
    public void A_delayed_key_whose_time_passes_before_its_timer_is_set_is_handed_out_at_once()
    {
        // A clock that moves a second on every read: time passes between choosing the key's time and arming the
        // timer, as on a loaded machine with a short backoff. The key is already due when the timer is set.
        var slow = new FakeTimeProvider(time.GetUtcNow()) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        using var queue = new WorkQueue<string>(slow);

        queue.AddAfter("a", TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void Shutting_down_is_reported_and_a_second_shut_down_changes_nothing()
    {
        using var queue = new WorkQueue<string>(time);
        Assert.False(queue.IsShutDown);

        queue.ShutDown();
        queue.ShutDown();

        Assert.True(queue.IsShutDown);
    }

    [Fact]
    public async Task Disposing_the_queue_releases_a_waiting_worker()
    {
        var queue = new WorkQueue<string>(time);
        var waiting = queue.TakeAsync(CancellationToken.None);

        queue.Dispose();

        // Released as by ShutDown; a worker that was left waiting would hang its controller's term for good.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        Assert.True(queue.IsShutDown);
    }

    [Fact]
    public void Shutting_down_or_disposing_again_after_Dispose_does_not_throw()
    {
        var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.Dispose();

        // A controller may stop its queue and dispose it in either order, or twice.
        var again = Record.Exception(() =>
        {
            queue.ShutDown();
            queue.Dispose();
        });

        Assert.Null(again);
    }

    [Fact]
    public void Disposing_the_queue_disposes_its_timer()
    {
        var clock = new TimerCountingClock(time);
        var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        Assert.Equal(1, clock.Created);

        queue.Dispose();

        Assert.Equal(1, clock.Disposed);
    }

    [Fact]
    public void A_queue_without_a_clock_is_refused()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new WorkQueue<string>(null!));

        Assert.Equal("timeProvider", error.ParamName);
    }

    /// <summary>Counts the timers created from it and how many of them were disposed.</summary>
    private sealed class TimerCountingClock(FakeTimeProvider fake) : TimeProvider
    {
        private int created;
        private int disposed;

        public int Created => Volatile.Read(ref created);

        public int Disposed => Volatile.Read(ref disposed);

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref created);
            return new CountedTimer(fake.CreateTimer(callback, state, dueTime, period), () => Interlocked.Increment(ref disposed));
        }

        private sealed class CountedTimer(ITimer inner, Action onDispose) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                onDispose();
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
