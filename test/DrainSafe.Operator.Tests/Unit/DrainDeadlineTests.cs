using DrainSafe.Operator.Drain;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class DrainDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(15);

    [Fact]
    public void The_deadline_is_NotBefore_minus_the_margin_when_that_comes_first()
    {
        Assert.Equal(Start + TimeSpan.FromMinutes(10) - Margin, DrainDeadline.Of(Start, Start + TimeSpan.FromMinutes(10), Margin, MaxDrain));
    }

    [Fact]
    public void The_deadline_is_the_start_plus_the_maximum_drain_time_when_that_comes_first()
    {
        Assert.Equal(Start + MaxDrain, DrainDeadline.Of(Start, Start + TimeSpan.FromHours(1), Margin, MaxDrain));
    }

    [Fact]
    public void A_NotBefore_just_after_the_maximum_drain_time_still_sets_the_deadline_once_the_margin_is_taken_off()
    {
        var notBefore = Start + MaxDrain + TimeSpan.FromSeconds(2);

        Assert.Equal(notBefore - Margin, DrainDeadline.Of(Start, notBefore, Margin, MaxDrain));
    }

    [Fact]
    public void An_event_without_NotBefore_gets_the_maximum_drain_time()
    {
        Assert.Equal(Start + MaxDrain, DrainDeadline.Of(Start, null, Margin, MaxDrain));
    }

    [Fact]
    public void An_event_already_past_its_NotBefore_has_a_deadline_in_the_past()
    {
        var notBefore = Start - TimeSpan.FromMinutes(1);

        Assert.Equal(notBefore - Margin, DrainDeadline.Of(Start, notBefore, Margin, MaxDrain));
    }

    [Fact]
    public void A_pod_whose_own_grace_ends_before_the_deadline_keeps_it()
    {
        Assert.Null(DrainDeadline.CapGracePeriod(60, Start + TimeSpan.FromMinutes(2), Start));
        Assert.Null(DrainDeadline.CapGracePeriod(60, Start + TimeSpan.FromSeconds(60), Start));
    }

    [Fact]
    public void A_pod_asking_for_no_grace_gets_the_default_thirty_seconds_checked_against_the_deadline()
    {
        Assert.Null(DrainDeadline.CapGracePeriod(null, Start + TimeSpan.FromSeconds(30), Start));
        Assert.Equal(29, DrainDeadline.CapGracePeriod(null, Start + TimeSpan.FromSeconds(29.9), Start));
    }

    [Fact]
    public void A_preempted_pod_asking_for_sixty_seconds_gets_no_more_than_the_time_left()
    {
        // A Spot VM's Preempt gives about 30 s of notice: the drain deadline is NotBefore minus the margin.
        var now = Start;
        var notBefore = now + TimeSpan.FromSeconds(30);
        var deadline = DrainDeadline.Of(now, notBefore, Margin, MaxDrain);

        var grace = DrainDeadline.CapGracePeriod(60, deadline, now);

        Assert.NotNull(grace);
        Assert.Equal(25, grace);
        Assert.True(now + TimeSpan.FromSeconds(grace.Value) <= deadline);
    }

    [Fact]
    public void The_grace_is_whole_seconds_rounded_down_so_the_pod_ends_by_the_deadline()
    {
        var grace = DrainDeadline.CapGracePeriod(120, Start + TimeSpan.FromMilliseconds(42_900), Start);

        Assert.Equal(42, grace);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(-30)]
    public void A_pod_evicted_at_or_after_the_deadline_gets_one_second_never_zero(double secondsLeft)
    {
        // Zero would mean "delete now, without grace" to the API server: at least one second.
        Assert.Equal(1, DrainDeadline.CapGracePeriod(30, Start + TimeSpan.FromSeconds(secondsLeft), Start));
    }
}
