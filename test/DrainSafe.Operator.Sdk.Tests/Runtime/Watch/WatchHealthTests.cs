using DrainSafe.Operator.Abstractions.Watch;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Watch;

public sealed class WatchHealthTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(40, 0.0)]
    [InlineData(0, 1.0)]
    [InlineData(0, 300.0)]
    public void A_watch_that_delivered_something_or_stayed_open_a_second_was_healthy(int lines, double? openSeconds) =>
        Assert.True(WatchHealth.WasHealthy(lines, openSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Theory]
    [InlineData(0, null)]
    [InlineData(0, 0.0)]
    [InlineData(0, 0.999)]
    public void A_watch_that_never_opened_or_closed_at_once_with_nothing_was_not(int lines, double? openSeconds) =>
        Assert.False(WatchHealth.WasHealthy(lines, openSeconds is { } s ? TimeSpan.FromSeconds(s) : null));
}
