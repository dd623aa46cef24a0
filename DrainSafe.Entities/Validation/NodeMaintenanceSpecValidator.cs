using FluentValidation;

namespace DrainSafe.Entities.Validation;

/// <summary>
/// Checks what the agent writes (the spec) for what the CRD schema cannot say. Property paths are
/// camelCase JSON names relative to the spec (e.g. <c>events[0].eventId</c>).
/// </summary>
public sealed class NodeMaintenanceSpecValidator : AbstractValidator<NodeMaintenanceSpec>
{
    /// <summary>Creates the validator.</summary>
    public NodeMaintenanceSpecValidator()
    {
        RuleFor(s => s.NodeName)
            .Must(KubernetesNames.IsDnsSubdomain)
            .OverridePropertyName("nodeName")
            .WithMessage("{PropertyPath} must be a node name (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters), not '{PropertyValue}'.");

        RuleFor(s => s.VmName)
            .NotEmpty()
            .OverridePropertyName("vmName")
            .WithMessage("{PropertyPath} is required: the VM name IMDS reports (compute/name), which events list in their resources.");

        RuleFor(s => s.DocumentIncarnation)
            .GreaterThanOrEqualTo(0)
            .OverridePropertyName("documentIncarnation")
            .WithMessage("{PropertyPath} must be 0 or more, not {PropertyValue}.");

        RuleForEach(s => s.Events)
            .SetValidator(new ScheduledEventValidator())
            .OverridePropertyName("events");

        RuleForEach(s => s.Events)
            .Must((spec, scheduledEvent) => string.IsNullOrEmpty(spec.VmName)
                || scheduledEvent.Resources.Contains(spec.VmName, StringComparer.OrdinalIgnoreCase))
            .OverridePropertyName("events")
            .WithMessage((spec, scheduledEvent) =>
                $"{{PropertyPath}} (event {scheduledEvent.EventId}) must list this VM '{spec.VmName}' in resources: the spec holds only the events that affect this VM.");

        RuleFor(s => s.Events)
            .Must(events => events.Select(e => e.EventId).Distinct(StringComparer.OrdinalIgnoreCase).Count() == events.Count)
            .OverridePropertyName("events")
            .WithMessage(spec => "{PropertyPath} must not repeat an eventId (compared ignoring case): "
                + string.Join(", ", Duplicates(spec.Events.Select(e => e.EventId))) + ".");
    }

    private static IEnumerable<string> Duplicates(IEnumerable<string> ids) => ids
        .GroupBy(id => id, StringComparer.OrdinalIgnoreCase)
        .Where(group => group.Count() > 1)
        .Select(group => group.Key);
}
