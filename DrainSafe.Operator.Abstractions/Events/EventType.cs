namespace DrainSafe.Operator.Abstractions.Events;

/// <summary>The type of a Kubernetes Event, as kubectl shows it.</summary>
public enum EventType
{
    /// <summary>Something expected happened.</summary>
    Normal,

    /// <summary>Something needs attention.</summary>
    Warning,
}
