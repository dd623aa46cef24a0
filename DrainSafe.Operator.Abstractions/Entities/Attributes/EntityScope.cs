namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>Whether a custom resource lives in a namespace or at cluster level.</summary>
public enum EntityScope
{
    /// <summary>Each object lives in a namespace (the Kubernetes default).</summary>
    Namespaced,

    /// <summary>Objects have no namespace.</summary>
    Cluster,
}
