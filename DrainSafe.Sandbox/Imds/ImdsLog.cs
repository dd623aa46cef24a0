using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.Imds;

/// <summary>The simulated IMDS's log messages.</summary>
internal static partial class ImdsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "IMDS event {EventId} ({EventType}, {EventStatus}) announced for {Resources}, NotBefore {NotBefore}")]
    public static partial void EventAnnounced(ILogger logger, string eventId, string eventType, ImdsEventStatus eventStatus, string resources, string notBefore);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "IMDS event {EventId} ({EventType}) Started: {Reason}")]
    public static partial void EventStarted(ILogger logger, string eventId, string eventType, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "IMDS event {EventId} ({EventType}) is over and left the list")]
    public static partial void EventRemoved(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "IMDS event {EventId} ({EventType}) cancelled while Scheduled")]
    public static partial void EventCancelled(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "IMDS event {EventId} approved by VM {VmName}")]
    public static partial void EventApproved(ILogger logger, string eventId, string vmName);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "VM {VmName} down ({EventType})")]
    public static partial void VmDown(ILogger logger, string vmName, string eventType);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "VM {VmName} up again")]
    public static partial void VmUp(ILogger logger, string vmName);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "VM {VmName} deleted")]
    public static partial void VmDeleted(ILogger logger, string vmName);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "The VM impact sink failed on {Kind} for VM {VmName}; the simulation goes on")]
    public static partial void ImpactSinkFailed(ILogger logger, Exception exception, ImpactKind kind, string vmName);
}
