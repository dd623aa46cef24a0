using DrainSafe.Operator.Drain;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(1, 0.0, 1_000)]
    [InlineData(1, 0.5, 2_000)]
    [InlineData(2, 0.5, 4_000)]
    [InlineData(3, 0.5, 8_000)]
    [InlineData(3, 0.0, 4_000)]
    public void The_delay_doubles_per_failure_from_the_base_times_the_jitter(int failures, double random, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryDelay.Next(failures, Base, random));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void The_jitter_keeps_the_delay_within_half_and_one_and_a_half_times_the_exponential_delay(int failures)
    {
        var nominal = Base * Math.Pow(2, failures - 1);
        var delays = Enumerable.Range(0, 100).Select(i => RetryDelay.Next(failures, Base, i / 100.0)).ToList();

        Assert.All(delays, d => Assert.InRange(d, nominal * 0.5, nominal * 1.5));
        Assert.True(delays.Max() > nominal * 1.4, "the jitter reaches towards 1.5 times");
        Assert.True(delays.Distinct().Count() > 50, "the jitter spreads the delays");
        Assert.True(RetryDelay.Next(failures, Base, 0.999_999) < nominal * 1.5);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(11)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public void The_delay_is_capped(int failures)
    {
        Assert.Equal(RetryDelay.Max, RetryDelay.Next(failures, Base, 0.99));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.0)]
    [InlineData(-5, 0.3)]
    public void The_delay_is_never_zero(int failures, double random)
    {
        Assert.True(RetryDelay.Next(failures, TimeSpan.Zero, random) > TimeSpan.Zero);
        Assert.True(RetryDelay.Next(failures, TimeSpan.FromTicks(1), random) > TimeSpan.Zero);
    }

    [Fact]
    public void A_longer_Retry_After_is_honoured_even_beyond_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), RetryDelay.Next(1, Base, 0.5, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(45), RetryDelay.Next(20, Base, 0.5, TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void A_shorter_Retry_After_does_not_shorten_the_delay()
    {
        Assert.Equal(TimeSpan.FromSeconds(8), RetryDelay.Next(3, Base, 0.5, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(8), RetryDelay.Next(3, Base, 0.5, TimeSpan.Zero));
    }
}
