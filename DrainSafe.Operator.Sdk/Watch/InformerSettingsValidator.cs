using DrainSafe.Operator.Sdk.Queue;
using FluentValidation;

namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>Checks <see cref="InformerSettings"/>; each message names the setting by its configuration key.</summary>
public sealed class InformerSettingsValidator : AbstractValidator<InformerSettings>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="key">The configuration key of the settings, e.g. <c>Operator:Informer</c>.</param>
    public InformerSettingsValidator(string key = nameof(InformerSettings))
    {
        RuleFor(s => s.HeartbeatWindow).GreaterThan(TimeSpan.Zero)
            .WithMessage(s => $"{key}:HeartbeatWindow must be greater than 0 (was {s.HeartbeatWindow}).");
        RuleFor(s => s.WatchTimeout).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
            .WithMessage(s => $"{key}:WatchTimeout must be at least 00:00:01 (was {s.WatchTimeout}).");
        RuleFor(s => s.ListPageSize).GreaterThanOrEqualTo(1)
            .WithMessage(s => $"{key}:ListPageSize must be at least 1 (was {s.ListPageSize}).");
        RuleFor(s => s.ReconnectBackoff).NotNull().SetValidator(new RetryBackoffSettingsValidator($"{key}:ReconnectBackoff"));
    }
}
