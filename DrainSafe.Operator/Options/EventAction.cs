namespace DrainSafe.Operator.Options;

/// <summary>What DrainSafe does to a node whose VM has an event of a given type.</summary>
public enum EventAction
{
    /// <summary>Nothing: the event is recorded, the node is left alone.</summary>
    None,

    /// <summary>Cordon the node only; no pod is evicted and the event is not approved (Azure starts it at NotBefore).</summary>
    Cordon,

    /// <summary>Cordon and drain the node, then mark the event approvable.</summary>
    Drain,
}
