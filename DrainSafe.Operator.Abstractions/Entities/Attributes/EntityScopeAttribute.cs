namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Sets the scope of a custom resource in its generated CRD. Without it an entity is
/// <see cref="EntityScope.Namespaced"/>.
/// </summary>
/// <param name="scope">The scope of the resource.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EntityScopeAttribute(EntityScope scope = EntityScope.Namespaced) : Attribute
{
    /// <summary>The scope of the resource.</summary>
    public EntityScope Scope { get; } = scope;
}
