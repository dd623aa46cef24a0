namespace DrainSafe.Operator.Sdk.Watch;

/// <summary>What happened to an object, as the informer saw it (from a watch event or a relist diff).</summary>
public enum EntityChangeType
{
    /// <summary>The object appeared.</summary>
    Added,

    /// <summary>The object changed.</summary>
    Modified,

    /// <summary>The object disappeared.</summary>
    Deleted,
}
