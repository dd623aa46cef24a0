namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// Categories the resource belongs to, so that <c>kubectl get CATEGORY</c> lists it with the others.
/// </summary>
/// <param name="categories">Lower-case category names.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KubernetesEntityCategoriesAttribute(params string[] categories) : Attribute
{
    /// <summary>Lower-case category names.</summary>
    public IReadOnlyList<string> Categories { get; } = categories;
}
