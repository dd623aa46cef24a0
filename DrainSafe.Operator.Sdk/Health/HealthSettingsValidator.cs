using FluentValidation;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>Checks <see cref="HealthSettings"/>; each message names the setting by its configuration key.</summary>
public sealed class HealthSettingsValidator : AbstractValidator<HealthSettings>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="key">The configuration key of the settings, e.g. <c>Operator:Health</c>.</param>
    public HealthSettingsValidator(string key = nameof(HealthSettings))
    {
        RuleFor(s => s.Port).InclusiveBetween(0, 65535).When(s => s.Port is not null)
            .WithMessage(s => $"{key}:Port must be in [0, 65535], or empty to serve no endpoint (was {s.Port}).");
        RuleFor(s => s.Host).NotEmpty()
            .WithMessage($"{key}:Host must not be empty (e.g. 0.0.0.0).");
        RuleFor(s => s.StaleAfter).GreaterThan(TimeSpan.Zero).When(s => s.StaleAfter is not null)
            .WithMessage(s => $"{key}:StaleAfter must be greater than 0 (was {s.StaleAfter}).");
    }
}
