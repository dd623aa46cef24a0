using FluentValidation;

namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>Checks <see cref="LeaderElectionSettings"/> when leader election is on; each message names the setting by its configuration key.</summary>
public sealed class LeaderElectionSettingsValidator : AbstractValidator<LeaderElectionSettings>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="key">The configuration key of the settings, e.g. <c>Operator:LeaderElection</c>.</param>
    public LeaderElectionSettingsValidator(string key = nameof(LeaderElectionSettings))
    {
        When(s => s.Enabled, () =>
        {
            RuleFor(s => s.LeaseName).NotEmpty()
                .WithMessage($"{key}:LeaseName must not be empty.");
            RuleFor(s => s.LeaseNamespace).NotEmpty()
                .WithMessage($"{key}:LeaseNamespace must not be empty (its default is $POD_NAMESPACE, else default).");
            RuleFor(s => s.Identity).NotEmpty()
                .WithMessage($"{key}:Identity must not be empty (its default is $POD_NAME or the host name, with a random suffix).");
            RuleFor(s => s.LeaseDuration).Must(d => d >= TimeSpan.FromSeconds(1) && d.Ticks % TimeSpan.TicksPerSecond == 0)
                .WithMessage(s => $"{key}:LeaseDuration must be a whole number of seconds, at least 1 (was {s.LeaseDuration}).");
            RuleFor(s => s.RenewDeadline).Must((s, d) => d > TimeSpan.Zero && d < s.LeaseDuration)
                .WithMessage(s => $"{key}:RenewDeadline must be greater than 0 and less than {key}:LeaseDuration ({s.LeaseDuration}) (was {s.RenewDeadline}).");
            RuleFor(s => s.RetryPeriod).Must((s, p) => p > TimeSpan.Zero && p < s.RenewDeadline)
                .WithMessage(s => $"{key}:RetryPeriod must be greater than 0 and less than {key}:RenewDeadline ({s.RenewDeadline}) (was {s.RetryPeriod}).");
        });
    }
}
