using DrainSafe.Entities;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class DrainSafeOptionsTests
{
    [Theory]
    [InlineData(ScheduledEventType.Freeze, EventAction.None)]
    [InlineData(ScheduledEventType.Unknown, EventAction.Drain)]
    [InlineData(ScheduledEventType.Reboot, EventAction.Drain)]
    [InlineData(ScheduledEventType.Redeploy, EventAction.Drain)]
    [InlineData(ScheduledEventType.Preempt, EventAction.Drain)]
    [InlineData(ScheduledEventType.Terminate, EventAction.Drain)]
    public void Without_configuration_a_freeze_is_left_alone_and_everything_else_drains(ScheduledEventType type, EventAction expected)
    {
        Assert.Equal(expected, new DrainSafeOptions().ActionFor(type));
    }

    [Fact]
    public void A_configured_action_overrides_the_default_for_its_type_only()
    {
        var options = new DrainSafeOptions
        {
            EventActions = { [ScheduledEventType.Freeze] = EventAction.Drain, [ScheduledEventType.Reboot] = EventAction.Cordon },
        };

        Assert.Equal(EventAction.Drain, options.ActionFor(ScheduledEventType.Freeze));
        Assert.Equal(EventAction.Cordon, options.ActionFor(ScheduledEventType.Reboot));
        Assert.Equal(EventAction.Drain, options.ActionFor(ScheduledEventType.Redeploy));
    }

    [Fact]
    public void By_default_a_drain_evicts_emptyDir_and_unmanaged_pods_and_spares_those_annotated_never_evict()
    {
        var options = new DrainSafeOptions();

        Assert.True(options.DeleteEmptyDirData);
        Assert.True(options.EvictUnmanagedPods);
        Assert.Equal("drainsafe.azure.com/never-evict", options.NeverEvictAnnotation);
    }
}
