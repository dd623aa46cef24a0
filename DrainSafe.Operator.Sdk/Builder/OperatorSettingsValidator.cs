using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Queue;
using DrainSafe.Operator.Sdk.Watch;
using FluentValidation;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>
/// Checks <see cref="OperatorSettings"/> at start; each message names the setting by its configuration key as the user
/// writes it (<c>Operator:ApiQps must be in [1, 10000] (was -1).</c>) and says what it accepts.
/// </summary>
public sealed class OperatorSettingsValidator : AbstractValidator<OperatorSettings>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="section">The configuration section the settings are bound from, e.g. <c>Operator</c>.</param>
    public OperatorSettingsValidator(string section = ServiceCollectionExtensions.DefaultSection)
    {
        RuleFor(s => s.Name).NotEmpty()
            .WithMessage($"{section}:Name must not be empty.");
        RuleFor(s => s.ApiQps).Must(q => q is >= 1 and <= 10_000)
            .WithMessage(s => $"{section}:ApiQps must be in [1, 10000] (was {s.ApiQps}).");
        RuleFor(s => s.ApiBurst).InclusiveBetween(1, 100_000)
            .WithMessage(s => $"{section}:ApiBurst must be in [1, 100000] (was {s.ApiBurst}).");
        RuleFor(s => s.Workers).InclusiveBetween(1, 64)
            .WithMessage(s => $"{section}:Workers must be in [1, 64] (was {s.Workers}).");
        RuleFor(s => s.Informer).NotNull().SetValidator(new InformerSettingsValidator($"{section}:Informer"));
        RuleFor(s => s.Retry).NotNull().SetValidator(new RetryBackoffSettingsValidator($"{section}:Retry"));
        RuleFor(s => s.LeaderElection).NotNull().SetValidator(new LeaderElectionSettingsValidator($"{section}:LeaderElection"));
        RuleFor(s => s.Health).NotNull().SetValidator(new HealthSettingsValidator($"{section}:Health"));
    }
}
