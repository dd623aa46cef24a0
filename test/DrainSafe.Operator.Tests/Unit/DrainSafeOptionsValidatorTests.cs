using DrainSafe.Entities;
using DrainSafe.Operator.Options;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class DrainSafeOptionsValidatorTests
{
    // A validator per check, as the host builds one: a shared one would hide a rule that its constructor no longer adds.
    private static List<string> Errors(Action<DrainSafeOptions> change)
    {
        var options = new DrainSafeOptions();
        change(options);
        return new DrainSafeOptionsValidator().Validate(options).Errors.Select(e => e.ErrorMessage).ToList();
    }

    public static TheoryData<string, Action<DrainSafeOptions>> BadValues => new()
    {
        { "DrainSafe:DrainLeadTime", o => o.DrainLeadTime = TimeSpan.Zero },
        { "DrainSafe:DrainLeadTime", o => o.DrainLeadTime = TimeSpan.FromMinutes(-1) },
        { "DrainSafe:MaxDrainTime", o => o.MaxDrainTime = TimeSpan.FromMilliseconds(999) },
        { "DrainSafe:DeadlineMargin", o => o.DeadlineMargin = TimeSpan.FromSeconds(-1) },
        { "DrainSafe:DeadlineMargin", o => o.DeadlineMargin = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1) },
        { "DrainSafe:DeadlinePolicy", o => o.DeadlinePolicy = (DeadlinePolicy)42 },
        { "DrainSafe:TerminatingPodTimeout", o => o.TerminatingPodTimeout = TimeSpan.Zero },
        { "DrainSafe:NeverEvictAnnotation", o => o.NeverEvictAnnotation = string.Empty },
        { "DrainSafe:NeverEvictSelector", o => o.NeverEvictSelector = "a=b=c" },
        { "DrainSafe:NeverEvictSelector", o => o.NeverEvictSelector = "a,,b" },
        { "DrainSafe:MaxConcurrentNodes", o => o.MaxConcurrentNodes = "0" },
        { "DrainSafe:MaxConcurrentNodes", o => o.MaxConcurrentNodes = "-1" },
        { "DrainSafe:MaxConcurrentNodes", o => o.MaxConcurrentNodes = "three" },
        { "DrainSafe:MaxConcurrentNodes", o => o.MaxConcurrentNodes = "0%" },
        { "DrainSafe:MaxConcurrentNodes", o => o.MaxConcurrentNodes = "101%" },
        { "DrainSafe:UrgentWithin", o => o.UrgentWithin = TimeSpan.FromSeconds(-1) },
        { "DrainSafe:EvictionParallelism", o => o.EvictionParallelism = 0 },
        { "DrainSafe:EvictionParallelism", o => o.EvictionParallelism = 257 },
        { "DrainSafe:EvictionRetryDelay", o => o.EvictionRetryDelay = TimeSpan.Zero },
        { "DrainSafe:EvictionRetryDelay", o => o.EvictionRetryDelay = TimeSpan.FromMinutes(6) },
        { "DrainSafe:ApiQps", o => o.ApiQps = 0.5 },
        { "DrainSafe:ApiQps", o => o.ApiQps = 10_001 },
        { "DrainSafe:ApiBurst", o => o.ApiBurst = 0 },
        { "DrainSafe:ApiBurst", o => o.ApiBurst = 100_001 },
        { "DrainSafe:EventActions:Reboot", o => o.EventActions[ScheduledEventType.Reboot] = (EventAction)7 },
        { "DrainSafe:EventActions", o => o.EventActions[(ScheduledEventType)99] = EventAction.Drain },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_gives_one_message_that_names_the_setting(string setting, Action<DrainSafeOptions> change)
    {
        var message = Assert.Single(Errors(change));

        Assert.StartsWith(setting + " ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Errors(_ => { }));
    }

    [Fact]
    public void Good_values_at_the_bounds_are_valid()
    {
        var errors = Errors(o =>
        {
            o.MaxDrainTime = TimeSpan.FromSeconds(1);
            o.DeadlineMargin = TimeSpan.FromMinutes(10);
            o.UrgentWithin = TimeSpan.Zero;
            o.NeverEvictSelector = "app=db,tier!=web,keep,!skip";
            o.MaxConcurrentNodes = "100%";
            o.EvictionParallelism = 256;
            o.EvictionRetryDelay = TimeSpan.FromMilliseconds(10);
            o.ApiQps = 1;
            o.ApiBurst = 100_000;
            o.EventActions[ScheduledEventType.Freeze] = EventAction.Cordon;
        });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("3")]
    [InlineData("10%")]
    public void No_limit_or_a_count_or_a_percentage_is_a_valid_concurrency_limit(string? limit)
    {
        Assert.Empty(Errors(o => o.MaxConcurrentNodes = limit));
    }

    public static TheoryData<string, Action<DrainSafeOptions>> EnumValues => new()
    {
        { "DeleteRemaining, Report", o => o.DeadlinePolicy = (DeadlinePolicy)42 },
        { "None, Cordon, Drain", o => o.EventActions[ScheduledEventType.Reboot] = (EventAction)7 },
        { "Unknown, Freeze, Reboot, Redeploy, Preempt, Terminate", o => o.EventActions[(ScheduledEventType)99] = EventAction.Drain },
    };

    [Theory]
    [MemberData(nameof(EnumValues))]
    public void The_message_for_a_bad_enum_value_lists_the_values_it_accepts(string accepted, Action<DrainSafeOptions> change)
    {
        Assert.Contains(accepted, Assert.Single(Errors(change)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_says_what_was_given()
    {
        var message = Assert.Single(Errors(o => o.MaxConcurrentNodes = "lots"));

        Assert.Contains("'lots'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var errors = Errors(o =>
        {
            o.DrainLeadTime = TimeSpan.Zero;
            o.EvictionParallelism = 0;
            o.ApiBurst = 0;
        });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("DrainSafe:DrainLeadTime", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DrainSafe:EvictionParallelism", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DrainSafe:ApiBurst", StringComparison.Ordinal));
    }
}
