using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.World;

/// <summary>The world's log messages.</summary>
internal static partial class WorldLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "World could not {Verb} {Resource} {Name}: {Code} {Reason}")]
    public static partial void WriteFailed(ILogger logger, string verb, string resource, string name, int code, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "World loop pass failed; it goes on with the next batch")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "VM {VmName} (node {NodeName}) went down: {EventType}; {PodCount} pods killed")]
    public static partial void VmDown(ILogger logger, string vmName, string nodeName, string eventType, int podCount);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "VM {VmName} (node {NodeName}) is back; the node is Ready")]
    public static partial void VmUp(ILogger logger, string vmName, string nodeName);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "VM {VmName} was deleted; node {NodeName} and its pods are removed")]
    public static partial void VmDeleted(ILogger logger, string vmName, string nodeName);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Watch of {Resource} ended ({Reason}); listing again")]
    public static partial void WatchRestarted(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Impact on VM {VmName} ignored: no node carries that VM")]
    public static partial void UnknownVm(ILogger logger, string vmName);
}
