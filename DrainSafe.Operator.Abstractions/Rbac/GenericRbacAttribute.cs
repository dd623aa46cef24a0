namespace DrainSafe.Operator.Abstractions.Rbac;

/// <summary>
/// Declares access to resources named explicitly, for resources without an entity type at hand.
/// Collected like <see cref="EntityRbacAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GenericRbacAttribute : Attribute
{
    /// <summary>API groups; the empty string is the core group.</summary>
    public string[] Groups { get; init; } = [];

    /// <summary>Resources (plural, optionally <c>resource/subresource</c>).</summary>
    public string[] Resources { get; init; } = [];

    /// <summary>The verbs granted.</summary>
    public RbacVerb Verbs { get; init; }

    /// <summary>Restricts the grant to objects with these names; null for all objects.</summary>
    public string[]? ResourceNames { get; init; }
}
