using DrainSafe.Entities;
using FluentValidation;

namespace DrainSafe.Operator.Options;

/// <summary>Checks <see cref="DrainSafeOptions"/> at start; each message names the setting and what it accepts.</summary>
public sealed class DrainSafeOptionsValidator : AbstractValidator<DrainSafeOptions>
{
    /// <summary>Creates the rules.</summary>
    public DrainSafeOptionsValidator()
    {
        RuleFor(o => o.DrainLeadTime).GreaterThan(TimeSpan.Zero)
            .WithMessage(o => $"DrainSafe:DrainLeadTime must be greater than zero (e.g. 00:30:00); got {o.DrainLeadTime}.");
        RuleFor(o => o.MaxDrainTime).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
            .WithMessage(o => $"DrainSafe:MaxDrainTime must be at least 1 second (e.g. 00:15:00); got {o.MaxDrainTime}.");
        RuleFor(o => o.DeadlineMargin).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(10))
            .WithMessage(o => $"DrainSafe:DeadlineMargin must be between 00:00:00 and 00:10:00; got {o.DeadlineMargin}.");
        RuleFor(o => o.DeadlinePolicy).IsInEnum()
            .WithMessage(o => $"DrainSafe:DeadlinePolicy must be one of {string.Join(", ", Enum.GetNames<DeadlinePolicy>())}; got {o.DeadlinePolicy}.");
        RuleFor(o => o.TerminatingPodTimeout).GreaterThan(TimeSpan.Zero)
            .WithMessage(o => $"DrainSafe:TerminatingPodTimeout must be greater than zero; got {o.TerminatingPodTimeout}.");
        RuleFor(o => o.NeverEvictAnnotation).NotEmpty()
            .WithMessage("DrainSafe:NeverEvictAnnotation must not be empty.");
        RuleFor(o => o.NeverEvictSelector).Must(s => string.IsNullOrWhiteSpace(s) || Drain.PodLabelSelector.TryParse(s, out _))
            .WithMessage(o => $"DrainSafe:NeverEvictSelector must be an equality-based label selector such as 'key=value,other!=x' or 'key'; got '{o.NeverEvictSelector}'.");
        RuleFor(o => o.MaxConcurrentNodes).Must(s => string.IsNullOrWhiteSpace(s) || ConcurrencyLimit.TryParse(s, out _, out _))
            .WithMessage(o => $"DrainSafe:MaxConcurrentNodes must be a positive count (e.g. 3) or a percentage in (0, 100] (e.g. 10%); got '{o.MaxConcurrentNodes}'.");
        RuleFor(o => o.UrgentWithin).GreaterThanOrEqualTo(TimeSpan.Zero)
            .WithMessage(o => $"DrainSafe:UrgentWithin must not be negative; got {o.UrgentWithin}.");
        RuleFor(o => o.EvictionParallelism).InclusiveBetween(1, 256)
            .WithMessage(o => $"DrainSafe:EvictionParallelism must be between 1 and 256; got {o.EvictionParallelism}.");
        RuleFor(o => o.EvictionRetryDelay).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5))
            .WithMessage(o => $"DrainSafe:EvictionRetryDelay must be between 00:00:00.010 and 00:05:00 (never zero); got {o.EvictionRetryDelay}.");
        RuleFor(o => o.ApiQps).InclusiveBetween(1, 10_000)
            .WithMessage(o => $"DrainSafe:ApiQps must be between 1 and 10000; got {o.ApiQps}.");
        RuleFor(o => o.ApiBurst).InclusiveBetween(1, 100_000)
            .WithMessage(o => $"DrainSafe:ApiBurst must be between 1 and 100000; got {o.ApiBurst}.");
        RuleForEach(o => o.EventActions).Must(p => Enum.IsDefined(p.Value))
            .WithMessage((_, p) => $"DrainSafe:EventActions:{p.Key} must be one of {string.Join(", ", Enum.GetNames<EventAction>())}; got {p.Value}.");
        RuleForEach(o => o.EventActions).Must(p => Enum.IsDefined(p.Key))
            .WithMessage((_, p) => $"DrainSafe:EventActions has an unknown event type {p.Key}; use one of {string.Join(", ", Enum.GetNames<ScheduledEventType>())}.");
    }
}
