using FluentValidation;

namespace DrainSafe.Operator.Sdk.Queue;

/// <summary>Checks <see cref="RetryBackoffSettings"/>; each message names the setting by its configuration key.</summary>
public sealed class RetryBackoffSettingsValidator : AbstractValidator<RetryBackoffSettings>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="key">The configuration key of the settings, e.g. <c>Operator:Retry</c>.</param>
    public RetryBackoffSettingsValidator(string key = nameof(RetryBackoffSettings))
    {
        RuleFor(s => s.BaseDelay).GreaterThan(TimeSpan.Zero)
            .WithMessage(s => $"{key}:BaseDelay must be greater than 0 (was {s.BaseDelay}).");
        RuleFor(s => s.MaxDelay).GreaterThanOrEqualTo(s => s.BaseDelay)
            .WithMessage(s => $"{key}:MaxDelay must be at least {key}:BaseDelay ({s.BaseDelay}) (was {s.MaxDelay}).");
        RuleFor(s => s.JitterFraction).Must(j => j is >= 0 and < 1)
            .WithMessage(s => $"{key}:JitterFraction must be in [0, 1) (was {s.JitterFraction}).");
    }
}
