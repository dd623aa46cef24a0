using DrainSafe.Agent.Retry;
using Microsoft.Extensions.Time.Testing;

namespace DrainSafe.Agent.Tests.Decisions;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_failure_waits_between_half_and_all_of_the_initial_delay()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryBackoff.Delay(1, Initial, Maximum, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(750), RetryBackoff.Delay(1, Initial, Maximum, 0.5));
        Assert.True(RetryBackoff.Delay(1, Initial, Maximum, 0.999) <= Initial);
    }

    [Fact]
    public void Each_further_failure_doubles_the_delay_up_to_the_maximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), RetryBackoff.Delay(2, Initial, Maximum, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryBackoff.Delay(3, Initial, Maximum, 0));
        Assert.Equal(TimeSpan.FromSeconds(15), RetryBackoff.Delay(10, Initial, Maximum, 0));
        Assert.Equal(Maximum, RetryBackoff.Delay(10, Initial, Maximum, 1));
        Assert.Equal(Maximum, RetryBackoff.Delay(10_000, Initial, Maximum, 1));
    }

    [Fact]
    public void After_a_failure_the_next_attempt_is_due_only_when_the_clock_has_moved_by_the_delay()
    {
        var clock = new FakeTimeProvider();
        var backoff = new RetryBackoff(Initial, Maximum, clock, () => 0.5);
        Assert.True(backoff.IsDue);

        var delay = backoff.RecordFailure();

        Assert.Equal(TimeSpan.FromMilliseconds(750), delay);
        Assert.False(backoff.IsDue);
        clock.Advance(TimeSpan.FromMilliseconds(749));
        Assert.False(backoff.IsDue);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(backoff.IsDue);
    }

    [Fact]
    public void A_success_resets_the_backoff_so_the_next_failure_starts_small_again()
    {
        var clock = new FakeTimeProvider();
        var backoff = new RetryBackoff(Initial, Maximum, clock, () => 0);
        backoff.RecordFailure();
        backoff.RecordFailure();
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.RecordFailure());

        backoff.RecordSuccess();

        Assert.True(backoff.IsDue);
        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.RecordFailure());
    }

    [Fact]
    public void Jitter_spreads_agents_that_failed_together()
    {
        var draws = new Queue<double>([0.0, 0.9]);
        var clock = new FakeTimeProvider();
        var first = new RetryBackoff(Initial, Maximum, clock, draws.Dequeue).RecordFailure();
        var second = new RetryBackoff(Initial, Maximum, clock, draws.Dequeue).RecordFailure();
        Assert.NotEqual(first, second);
    }
}
