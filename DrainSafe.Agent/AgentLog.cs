using Microsoft.Extensions.Logging;

namespace DrainSafe.Agent;

/// <summary>The agent's log lines (source-generated, structured: node name, VM name, event id).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Agent starting for node {NodeName}: IMDS {ImdsBaseUrl}, polling every {PollInterval}")]
    public static partial void Starting(ILogger logger, string nodeName, Uri imdsBaseUrl, TimeSpan pollInterval);

    [LoggerMessage(2, LogLevel.Information, "Node {NodeName} runs on VM {VmName} ({Source})")]
    public static partial void VmNameKnown(ILogger logger, string nodeName, string vmName, string source);

    [LoggerMessage(3, LogLevel.Warning, "IMDS call for node {NodeName} failed ({Error}: {Problem}); retry {Failures} in {Delay}")]
    public static partial void ImdsFailed(ILogger logger, string nodeName, string error, string? problem, int failures, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "IMDS sent node {NodeName} an unusable scheduled events document ({Problem}); keeping the last good one (incarnation {Incarnation}). Logged once until a good document arrives.")]
    public static partial void MalformedDocument(ILogger logger, string nodeName, string? problem, long? incarnation);

    [LoggerMessage(5, LogLevel.Information, "IMDS answers node {NodeName} again after {Failures} failed calls")]
    public static partial void ImdsRecovered(ILogger logger, string nodeName, int failures);

    [LoggerMessage(6, LogLevel.Information, "Created NodeMaintenance {NodeName} (VM {VmName}, {EventCount} events)")]
    public static partial void Created(ILogger logger, string nodeName, string vmName, int eventCount);

    [LoggerMessage(7, LogLevel.Information, "Adopted the existing NodeMaintenance {NodeName} ({ApprovedCount} events approved before)")]
    public static partial void Adopted(ILogger logger, string nodeName, int approvedCount);

    [LoggerMessage(8, LogLevel.Information, "Wrote NodeMaintenance {NodeName} spec: incarnation {Incarnation}, events [{EventIds}]")]
    public static partial void SpecWritten(ILogger logger, string nodeName, long incarnation, string eventIds);

    [LoggerMessage(9, LogLevel.Warning, "API server call for node {NodeName} failed ({Step}): {Message}; retry {Failures} in {Delay}")]
    public static partial void ApiFailed(ILogger logger, string nodeName, string step, string message, int failures, TimeSpan delay);

    [LoggerMessage(10, LogLevel.Warning, "Node {NodeName} does not exist (yet); the NodeMaintenance needs its uid for the owner reference. Retry {Failures} in {Delay}")]
    public static partial void NodeMissing(ILogger logger, string nodeName, int failures, TimeSpan delay);

    [LoggerMessage(11, LogLevel.Information, "Approved event {EventId} with IMDS for node {NodeName}")]
    public static partial void Approved(ILogger logger, string nodeName, string eventId);

    [LoggerMessage(12, LogLevel.Warning, "Approving events [{EventIds}] for node {NodeName} failed ({Error}: {Problem}); retry {Failures} in {Delay}")]
    public static partial void ApprovalFailed(ILogger logger, string nodeName, string eventIds, string error, string? problem, int failures, TimeSpan delay);

    [LoggerMessage(13, LogLevel.Information, "Recorded approvedEventIds [{EventIds}] on NodeMaintenance {NodeName}")]
    public static partial void ApprovalsRecorded(ILogger logger, string nodeName, string eventIds);

    [LoggerMessage(14, LogLevel.Warning, "NodeMaintenance {NodeName} was deleted; re-creating it")]
    public static partial void Deleted(ILogger logger, string nodeName);

    [LoggerMessage(15, LogLevel.Warning, "Watch of NodeMaintenance {NodeName} failed: {Message}; retry in {Delay}")]
    public static partial void WatchFailed(ILogger logger, string nodeName, string message, TimeSpan delay);

    [LoggerMessage(16, LogLevel.Information, "Event {EventId} ({EventType}, {EventStatus}) lists node {NodeName}'s VM")]
    public static partial void EventSeen(ILogger logger, string nodeName, string eventId, string eventType, string eventStatus);

    [LoggerMessage(17, LogLevel.Information, "Agent for node {NodeName} stopping")]
    public static partial void Stopping(ILogger logger, string nodeName);

    [LoggerMessage(18, LogLevel.Warning, "IMDS answered node {NodeName} DocumentIncarnation {Answered}, lower than {LastTaken}; keeping the last document until the next answer confirms it (a stale answer is not taken)")]
    public static partial void IncarnationWentBackwards(ILogger logger, string nodeName, long answered, long lastTaken);

    [LoggerMessage(19, LogLevel.Warning, "IMDS for node {NodeName} starts over at DocumentIncarnation {Answered} (was {LastTaken}): taking its document for what it says")]
    public static partial void IncarnationStartedOver(ILogger logger, string nodeName, long answered, long lastTaken);
}
