namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>What the health check reads from a running informer.</summary>
public interface IWatchHeartbeat
{
    /// <summary>The watched resource, e.g. <c>nodemaintenances.drainsafe.azure.com</c>.</summary>
    string Resource { get; }

    /// <summary>The last time the informer heard from the server: a list, an opened watch, an event or a bookmark.</summary>
    DateTimeOffset LastHeartbeat { get; }

    /// <summary>True once the first list has filled the cache.</summary>
    bool HasSynced { get; }
}
