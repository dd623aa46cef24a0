namespace DrainSafe.Operator.Abstractions.Rbac;

/// <summary>
/// Declares that the component needs <see cref="Verbs"/> on the resources of the given entity types
/// (custom or built-in, e.g. <c>typeof(V1Node)</c>); group and plural come from each type's
/// <c>[KubernetesEntity]</c> attribute. Put it on the class that needs the access (a controller, or
/// a permissions class of the component); the generator collects the declarations of each
/// component's types into that component's ClusterRole.
/// </summary>
/// <param name="entities">The entity types the access is for.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EntityRbacAttribute(params Type[] entities) : Attribute
{
    /// <summary>The entity types the access is for.</summary>
    public IReadOnlyList<Type> Entities { get; } = entities;

    /// <summary>The verbs granted.</summary>
    public RbacVerb Verbs { get; init; }

    /// <summary>
    /// A subresource (e.g. <c>status</c>, <c>eviction</c>) to grant the verbs on instead of the resource
    /// itself; null for the resource.
    /// </summary>
    public string? Subresource { get; init; }
}
