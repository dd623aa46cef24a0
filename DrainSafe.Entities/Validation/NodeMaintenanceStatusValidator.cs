using FluentValidation;

namespace DrainSafe.Entities.Validation;

/// <summary>
/// Checks a status on its own (rules that compare it with the spec are in
/// <see cref="NodeMaintenanceValidator"/>). Property paths are relative to the status.
/// </summary>
public sealed class NodeMaintenanceStatusValidator : AbstractValidator<NodeMaintenanceStatus>
{
    /// <summary>Creates the validator.</summary>
    public NodeMaintenanceStatusValidator()
    {
        RuleFor(s => s.State)
            .IsInEnum()
            .OverridePropertyName("state")
            .WithMessage("{PropertyPath} must be one of " + string.Join(", ", Enum.GetNames<MaintenanceState>()) + ".");

        RuleFor(s => s.ObservedGeneration)
            .GreaterThanOrEqualTo(0)
            .OverridePropertyName("observedGeneration")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.");

        RuleFor(s => s.Drain!)
            .SetValidator(new DrainProgressValidator())
            .When(s => s.Drain is not null)
            .OverridePropertyName("drain");

        RuleForEach(s => s.ApprovableEventIds)
            .Must(KubernetesNames.IsGuid)
            .OverridePropertyName("approvableEventIds")
            .WithMessage("{PropertyPath} must be an event id (a GUID), not '{PropertyValue}'.");

        RuleForEach(s => s.ApprovedEventIds)
            .Must(KubernetesNames.IsGuid)
            .OverridePropertyName("approvedEventIds")
            .WithMessage("{PropertyPath} must be an event id (a GUID), not '{PropertyValue}'.");

        RuleForEach(s => s.Conditions)
            .SetValidator(new ConditionValidator())
            .OverridePropertyName("conditions");

        RuleFor(s => s.Conditions)
            .Must(conditions => conditions.Select(c => c.Type).Distinct(StringComparer.Ordinal).Count() == conditions.Count)
            .OverridePropertyName("conditions")
            .WithMessage("{PropertyPath} must hold at most one condition of each type.");
    }
}
