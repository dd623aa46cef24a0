using FluentValidation;

namespace DrainSafe.Entities.Validation;

/// <summary>Checks drain progress for consistency. Property paths are relative to the drain object.</summary>
public sealed class DrainProgressValidator : AbstractValidator<DrainProgress>
{
    /// <summary>Creates the validator.</summary>
    public DrainProgressValidator()
    {
        RuleFor(d => d.TotalPods)
            .GreaterThanOrEqualTo(0)
            .OverridePropertyName("totalPods")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.");

        RuleFor(d => d.EvictedPods)
            .InclusiveBetween(0, int.MaxValue)
            .OverridePropertyName("evictedPods")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.")
            .LessThanOrEqualTo(d => d.TotalPods)
            .WithMessage("{PropertyPath} ({PropertyValue}) must not exceed totalPods ({ComparisonValue}).");

        RuleFor(d => d.RemainingPods)
            .InclusiveBetween(0, int.MaxValue)
            .OverridePropertyName("remainingPods")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.")
            .LessThanOrEqualTo(d => d.TotalPods)
            .WithMessage("{PropertyPath} ({PropertyValue}) must not exceed totalPods ({ComparisonValue}).");

        RuleForEach(d => d.PendingPods)
            .Must(KubernetesNames.IsNamespacedName)
            .OverridePropertyName("pendingPods")
            .WithMessage("{PropertyPath} must be a pod as namespace/name, not '{PropertyValue}'.");

        RuleForEach(d => d.BlockedBy)
            .Must(KubernetesNames.IsNamespacedName)
            .OverridePropertyName("blockedBy")
            .WithMessage("{PropertyPath} must be a PodDisruptionBudget as namespace/name, not '{PropertyValue}'.");
    }
}
