using System.Text.RegularExpressions;
using FluentValidation;
using k8s.Models;

namespace DrainSafe.Entities.Validation;

/// <summary>
/// Checks a condition against the rules of Kubernetes' metav1.Condition. Property paths are relative
/// to the condition.
/// </summary>
public sealed partial class ConditionValidator : AbstractValidator<V1Condition>
{
    private static readonly string[] Statuses = ["True", "False", "Unknown"];

    /// <summary>Creates the validator.</summary>
    public ConditionValidator()
    {
        RuleFor(c => c.Type)
            .NotEmpty()
            .OverridePropertyName("type")
            .WithMessage("{PropertyPath} is required, e.g. " + MaintenanceConditionTypes.Drained + ".");

        RuleFor(c => c.Status)
            .Must(status => Statuses.Contains(status, StringComparer.Ordinal))
            .OverridePropertyName("status")
            .WithMessage("{PropertyPath} must be True, False or Unknown, not '{PropertyValue}'.");

        RuleFor(c => c.Reason)
            .Must(reason => reason is { Length: > 0 and <= 1024 } && Reason().IsMatch(reason))
            .OverridePropertyName("reason")
            .WithMessage("{PropertyPath} must be a CamelCase word (letters, digits, '_', ',' and ':', starting with a letter), not '{PropertyValue}'.");

        RuleFor(c => c.LastTransitionTime)
            .NotEqual(default(DateTime))
            .OverridePropertyName("lastTransitionTime")
            .WithMessage("{PropertyPath} is required: when the status last changed.");

        RuleFor(c => c.ObservedGeneration)
            .GreaterThanOrEqualTo(0)
            .OverridePropertyName("observedGeneration")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.");
    }

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Reason();
}
