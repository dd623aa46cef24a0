namespace DrainSafe.Entities;

/// <summary>Label keys and values DrainSafe puts on the objects it creates or ships.</summary>
public static class DrainSafeLabels
{
    /// <summary>The standard label naming the tool that manages an object.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The standard label naming the application an object belongs to.</summary>
    public const string PartOf = "app.kubernetes.io/part-of";

    /// <summary>The standard label naming the component within the application.</summary>
    public const string Component = "app.kubernetes.io/component";

    /// <summary>The value of <see cref="ManagedBy"/> and <see cref="PartOf"/>.</summary>
    public const string Application = "drainsafe";

    /// <summary>The value of <see cref="Component"/> for the operator's objects.</summary>
    public const string OperatorComponent = "operator";

    /// <summary>The value of <see cref="Component"/> for the agent's objects.</summary>
    public const string AgentComponent = "agent";
}
