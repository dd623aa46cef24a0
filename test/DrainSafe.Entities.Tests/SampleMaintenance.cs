using DrainSafe.Entities;
using k8s.Models;

namespace DrainSafe.Entities.Tests;

/// <summary>A valid NodeMaintenance as the agent and operator would write it mid-drain.</summary>
internal static class SampleMaintenance
{
    public const string Node = "aks-pool1-12345-vmss000003";
    public const string Vm = "aks-pool1-12345-vmss_3";
    public const string EventId = "602D9444-D2CD-49C7-8624-8643E7171297";
    public const string OtherEventId = "C7061BAC-AFDC-4513-B24B-AA5F13A16123";

    public static NodeMaintenance Create() => new()
    {
        Metadata = new V1ObjectMeta { Name = Node, Generation = 4 },
        Spec = new NodeMaintenanceSpec
        {
            NodeName = Node,
            VmName = Vm,
            DocumentIncarnation = 7,
            Events =
            [
                new ScheduledEvent
                {
                    EventId = EventId,
                    EventType = ScheduledEventType.Reboot,
                    EventStatus = ScheduledEventStatus.Scheduled,
                    Resources = [Vm, "aks-pool1-12345-vmss_4"],
                    NotBefore = new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero),
                    Description = "Host server is undergoing maintenance.",
                    EventSource = ScheduledEventSource.Platform,
                    DurationInSeconds = -1,
                },
                new ScheduledEvent
                {
                    EventId = OtherEventId.ToLowerInvariant(),
                    EventType = ScheduledEventType.Freeze,
                    EventStatus = ScheduledEventStatus.Started,
                    Resources = [Vm],
                    EventSource = ScheduledEventSource.User,
                    DurationInSeconds = 5,
                },
            ],
        },
        Status = new NodeMaintenanceStatus
        {
            State = MaintenanceState.NodeDraining,
            ObservedGeneration = 4,
            CordonedByDrainSafe = true,
            CurrentEvent = new CurrentEvent
            {
                EventId = EventId,
                EventType = ScheduledEventType.Reboot,
                EventStatus = ScheduledEventStatus.Scheduled,
                NotBefore = new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero),
            },
            Drain = new DrainProgress
            {
                StartedAt = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
                Deadline = new DateTimeOffset(2026, 11, 30, 10, 14, 0, TimeSpan.Zero),
                TotalPods = 5,
                EvictedPods = 3,
                RemainingPods = 2,
                PendingPods = ["default/web-1", "shop/db-0"],
                BlockedBy = ["shop/db-pdb"],
            },
            ApprovableEventIds = [OtherEventId],
            ApprovedEventIds = [OtherEventId.ToLowerInvariant()],
            Conditions =
            [
                new V1Condition
                {
                    Type = MaintenanceConditionTypes.Cordoned,
                    Status = "True",
                    Reason = "CordonedForMaintenance",
                    Message = "Node cordoned for event Reboot.",
                    ObservedGeneration = 4,
                    LastTransitionTime = new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc),
                },
            ],
            LastError = null,
        },
    };
}
