using FluentValidation;

namespace DrainSafe.Entities.Validation;

/// <summary>
/// Checks a whole NodeMaintenance: its name, its spec and status, and the rules that tie them together.
/// Property paths are JSON paths from the object's root (e.g. <c>spec.events[0].eventId</c>) and every
/// message starts with the path.
/// </summary>
/// <remarks>
/// Spec and status are written separately (by different writers), so a reader can briefly see an
/// approval for an event that has just left the spec, until the agent prunes it. A writer validates
/// the object it is about to write; a reader that finds an error reports it rather than acting on it.
/// </remarks>
public sealed class NodeMaintenanceValidator : AbstractValidator<NodeMaintenance>
{
    /// <summary>Creates the validator.</summary>
    public NodeMaintenanceValidator()
    {
        RuleFor(m => m.Metadata.Name)
            .Must(KubernetesNames.IsDnsSubdomain)
            .OverridePropertyName("metadata.name")
            .WithMessage("{PropertyPath} must be the node's name (a DNS-1123 subdomain), not '{PropertyValue}'.");

        RuleFor(m => m.Spec.NodeName)
            .Equal(m => m.Metadata.Name)
            .OverridePropertyName("spec.nodeName")
            .WithMessage("{PropertyPath} ('{PropertyValue}') must equal metadata.name ('{ComparisonValue}'): a NodeMaintenance is named after its node.");

        RuleFor(m => m.Spec)
            .SetValidator(new NodeMaintenanceSpecValidator())
            .OverridePropertyName("spec");

        RuleFor(m => m.Status)
            .SetValidator(new NodeMaintenanceStatusValidator())
            .OverridePropertyName("status");

        RuleForEach(m => m.Status.ApprovableEventIds)
            .Must((maintenance, id) => HasEvent(maintenance, id))
            .OverridePropertyName("status.approvableEventIds")
            .WithMessage("{PropertyPath} ('{PropertyValue}') must be the id of an event in spec.events.");

        RuleForEach(m => m.Status.ApprovedEventIds)
            .Must((maintenance, id) => HasEvent(maintenance, id))
            .OverridePropertyName("status.approvedEventIds")
            .WithMessage("{PropertyPath} ('{PropertyValue}') must be the id of an event in spec.events: the agent approves only events IMDS lists.");

        RuleFor(m => m.Status.ObservedGeneration)
            .LessThanOrEqualTo(m => m.Metadata.Generation)
            .When(m => m.Status.ObservedGeneration is not null && m.Metadata.Generation is not null)
            .OverridePropertyName("status.observedGeneration")
            .WithMessage("{PropertyPath} ({PropertyValue}) must not exceed metadata.generation ({ComparisonValue}).");
    }

    private static bool HasEvent(NodeMaintenance maintenance, string id) =>
        maintenance.Spec.Events.Any(e => string.Equals(e.EventId, id, StringComparison.OrdinalIgnoreCase));
}
