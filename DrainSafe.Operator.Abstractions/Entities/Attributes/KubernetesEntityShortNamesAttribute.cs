namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>Short names that kubectl accepts for the resource, e.g. <c>nm</c>.</summary>
/// <param name="shortNames">Lower-case short names.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KubernetesEntityShortNamesAttribute(params string[] shortNames) : Attribute
{
    /// <summary>Lower-case short names.</summary>
    public IReadOnlyList<string> ShortNames { get; } = shortNames;
}
