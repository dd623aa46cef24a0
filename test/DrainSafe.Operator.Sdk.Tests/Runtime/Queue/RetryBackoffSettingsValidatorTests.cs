using DrainSafe.Operator.Sdk.Queue;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Queue;

/// <summary>
/// The rules on their own, as the host's options validation runs them (under a configuration key), rather than through
/// a constructor: each invalid value gets exactly one message, naming the setting by its full key and the value given.
/// </summary>
public sealed class RetryBackoffSettingsValidatorTests
{
    private const string Key = "Operator:Retry";

    private static string[] Errors(RetryBackoffSettings settings) =>
        new RetryBackoffSettingsValidator(Key).Validate(settings).Errors.Select(e => e.ErrorMessage).ToArray();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Errors(new RetryBackoffSettings()));
    }

    [Fact]
    public void A_zero_base_delay_is_refused_with_the_base_delay_named()
    {
        var errors = Errors(new RetryBackoffSettings { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(1) });

        var error = Assert.Single(errors);
        Assert.Equal($"{Key}:BaseDelay must be greater than 0 (was {TimeSpan.Zero}).", error);
    }

    [Fact]
    public void A_negative_base_delay_is_refused()
    {
        var errors = Errors(new RetryBackoffSettings { BaseDelay = TimeSpan.FromMilliseconds(-5), MaxDelay = TimeSpan.FromSeconds(1) });

        Assert.StartsWith($"{Key}:BaseDelay must be greater than 0", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_max_delay_below_the_base_delay_is_refused_with_both_named()
    {
        var settings = new RetryBackoffSettings { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) };

        var error = Assert.Single(Errors(settings));

        Assert.Equal($"{Key}:MaxDelay must be at least {Key}:BaseDelay ({settings.BaseDelay}) (was {settings.MaxDelay}).", error);
    }

    [Fact]
    public void A_max_delay_equal_to_the_base_delay_is_accepted_as_a_constant_delay()
    {
        Assert.Empty(Errors(new RetryBackoffSettings { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) }));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_jitter_fraction_outside_zero_to_below_one_is_refused_with_the_value_named(double jitter)
    {
        var error = Assert.Single(Errors(new RetryBackoffSettings { JitterFraction = jitter }));

        Assert.Equal($"{Key}:JitterFraction must be in [0, 1) (was {jitter}).", error);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void A_jitter_fraction_from_zero_to_below_one_is_accepted(double jitter)
    {
        Assert.Empty(Errors(new RetryBackoffSettings { JitterFraction = jitter }));
    }

    [Fact]
    public void Every_invalid_setting_is_reported_at_once()
    {
        var errors = Errors(new RetryBackoffSettings { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(-1), JitterFraction = 2 });

        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.StartsWith($"{Key}:BaseDelay ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{Key}:MaxDelay ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{Key}:JitterFraction ", StringComparison.Ordinal));
    }
}
