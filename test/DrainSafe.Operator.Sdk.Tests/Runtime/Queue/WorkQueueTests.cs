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
}
