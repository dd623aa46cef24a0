using FluentValidation;

namespace DrainSafe.Entities.Validation;

/// <summary>
/// Checks one scheduled event for what the CRD schema cannot say. Property paths are camelCase JSON
/// names relative to the event (e.g. <c>eventId</c>).
/// </summary>
public sealed class ScheduledEventValidator : AbstractValidator<ScheduledEvent>
{
    /// <summary>Creates the validator.</summary>
    public ScheduledEventValidator()
    {
        RuleFor(e => e.EventId)
            .Must(KubernetesNames.IsGuid)
            .OverridePropertyName("eventId")
            .WithMessage("{PropertyPath} must be a GUID like 602D9444-D2CD-49C7-8624-8643E7171297, not '{PropertyValue}'.");

        RuleFor(e => e.EventType)
            .IsInEnum()
            .OverridePropertyName("eventType")
            .WithMessage("{PropertyPath} must be one of " + string.Join(", ", Enum.GetNames<ScheduledEventType>()) + ".");

        RuleFor(e => e.EventStatus)
            .IsInEnum()
            .OverridePropertyName("eventStatus")
            .WithMessage("{PropertyPath} must be one of " + string.Join(", ", Enum.GetNames<ScheduledEventStatus>()) + ".");

        RuleFor(e => e.EventSource)
            .IsInEnum()
            .OverridePropertyName("eventSource")
            .WithMessage("{PropertyPath} must be one of " + string.Join(", ", Enum.GetNames<ScheduledEventSource>()) + ".");

        RuleFor(e => e.Resources)
            .NotEmpty()
            .OverridePropertyName("resources")
            .WithMessage("{PropertyPath} must list at least one VM: an event always names the VMs it affects.");

        RuleForEach(e => e.Resources)
            .NotEmpty()
            .OverridePropertyName("resources")
            .WithMessage("{PropertyPath} must be a VM name, not empty.");

        // IMDS sends NotBefore for every Scheduled event and blanks it once Started; a Started event that
        // still carries one is kept as reported, since nothing decides on it.
        RuleFor(e => e.NotBefore)
            .NotNull()
            .When(e => e.EventStatus == ScheduledEventStatus.Scheduled
                && e.UnrecognizedValues?.ContainsKey(ImdsFieldNames.NotBefore) != true)
            .OverridePropertyName("notBefore")
            .WithMessage("{PropertyPath} is required while eventStatus is Scheduled: IMDS gives every scheduled event a start time.");

        RuleFor(e => e.DurationInSeconds)
            .GreaterThanOrEqualTo(-1)
            .OverridePropertyName("durationInSeconds")
            .WithMessage("{PropertyPath} must be -1 (unknown), 0 (no interruption) or a positive number of seconds, not {PropertyValue}.");

        RuleForEach(e => e.UnrecognizedValues)
            .Must(entry => ImdsFieldNames.All.Contains(entry.Key, StringComparer.Ordinal))
            .OverridePropertyName("unrecognizedValues")
            .WithMessage("{PropertyPath} may only hold the IMDS fields " + string.Join(", ", ImdsFieldNames.All) + ".")
            .Must((scheduledEvent, entry) => IsUnknownIn(scheduledEvent, entry.Key))
            .WithMessage("{PropertyPath} keeps an unrecognised IMDS value only for a field that reads Unknown (or, for NotBefore, is absent).");
    }

    private static bool IsUnknownIn(ScheduledEvent scheduledEvent, string field) => field switch
    {
        ImdsFieldNames.EventType => scheduledEvent.EventType == ScheduledEventType.Unknown,
        ImdsFieldNames.EventStatus => scheduledEvent.EventStatus == ScheduledEventStatus.Unknown,
        ImdsFieldNames.EventSource => scheduledEvent.EventSource == ScheduledEventSource.Unknown,
        ImdsFieldNames.NotBefore => scheduledEvent.NotBefore is null,
        _ => true,
    };
}
