using DrainSafe.Operator.Sdk.Queue;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Queue;

public sealed class ExponentialBackoffTests
{
    private static readonly RetryBackoffSettings Settings = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMinutes(5),
        JitterFraction = 0.2,
    };

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void Jitter_keeps_every_delay_within_a_fifth_below_its_nominal_value(double sample)
    {
        var backoff = new ExponentialBackoff<string>(Settings, () => sample);

        for (var failure = 0; failure < 40; failure++)
        {
            var nominal = backoff.NominalDelay(failure);
            var delay = backoff.NextDelay("a");
            Assert.InRange(delay, nominal * 0.8, nominal);
        }
    }

    [Fact]
    public void Jittered_delays_still_grow_until_the_cap_and_never_exceed_it()
    {
        var random = new Random(7);
        var backoff = new ExponentialBackoff<string>(Settings, random.NextDouble);

        var delays = Enumerable.Range(0, 30).Select(_ => backoff.NextDelay("a")).ToList();

        var growing = delays.TakeWhile(d => d < Settings.MaxDelay * 0.8).ToList();
        Assert.True(growing.Count >= 10);
        Assert.All(growing.Zip(growing.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.All(delays, d => Assert.True(d <= Settings.MaxDelay));
        Assert.All(delays.Skip(20), d => Assert.InRange(d, Settings.MaxDelay * 0.8, Settings.MaxDelay));
    }

    [Fact]
    public void Thousands_of_failures_stay_at_the_cap_without_overflow()
    {
        var backoff = new ExponentialBackoff<string>(Settings, () => 0);

        TimeSpan last = default;
        for (var i = 0; i < 5000; i++)
        {
            last = backoff.NextDelay("a");
        }

        Assert.Equal(Settings.MaxDelay, last);
    }

    [Theory]
    [InlineData(0, 1, 0.1)]
    [InlineData(5, 1, 0.1)]
    [InlineData(5, 10, 1.0)]
    [InlineData(5, 10, -0.1)]
    public void Out_of_range_settings_are_refused_with_the_setting_named(int baseMs, int maxMs, double jitter)
    {
        var settings = new RetryBackoffSettings
        {
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
            JitterFraction = jitter,
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => new ExponentialBackoff<string>(settings));
        Assert.Contains("RetryBackoffSettings:", error.Message, StringComparison.Ordinal);
    }
}
