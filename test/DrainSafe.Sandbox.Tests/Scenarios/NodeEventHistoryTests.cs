using DrainSafe.Sandbox.Scenarios.Playback;

namespace DrainSafe.Sandbox.Tests.Scenarios;

public sealed class NodeEventHistoryTests
{
    private static readonly DateTimeOffset Announced = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static NodeEventHistory History(bool appearedStarted = false) =>
        new("pool1-vmss000000", "pool1-vmss_0", "host-0", "Reboot", "E1", Announced, wasCordonedBefore: false, appearedStarted);

    [Fact]
    public void A_maintenance_that_started_before_its_NotBefore_reports_how_much_earlier()
    {
        var history = History();
        history.NotBefore = Announced.AddSeconds(20);
        history.StartedAt = Announced.AddSeconds(6.5);

        Assert.Equal(TimeSpan.FromSeconds(13.5), history.StartedBeforeNotBefore);
    }

    [Fact]
    public void A_maintenance_that_started_at_or_after_its_NotBefore_started_zero_early()
    {
        var history = History();
        history.NotBefore = Announced.AddSeconds(20);
        history.StartedAt = Announced.AddSeconds(21);

        Assert.Equal(TimeSpan.Zero, history.StartedBeforeNotBefore);
    }

    [Fact]
    public void No_figure_when_it_never_started_or_appeared_already_started()
    {
        var pending = History();
        pending.NotBefore = Announced.AddSeconds(20);
        var failure = History(appearedStarted: true);
        failure.NotBefore = Announced.AddSeconds(20);
        failure.StartedAt = Announced;

        Assert.Null(pending.StartedBeforeNotBefore);
        Assert.Null(failure.StartedBeforeNotBefore);
    }
}
