namespace DrainSafe.Operator.Abstractions.Entities.Attributes;

/// <summary>
/// The text that <c>kubectl explain</c> shows for a resource, a type or a field: it becomes the
/// <c>description</c> of that node of the generated OpenAPI schema.
/// </summary>
/// <remarks>
/// DrainSafe's own attribute rather than <c>System.ComponentModel.DescriptionAttribute</c>, so that
/// every schema attribute comes from one namespace (as in KubeOps); the generator reads only this one.
/// XML doc comments are for readers of the code and are not copied into the schema.
/// </remarks>
/// <param name="description">One or more sentences for users of the API.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Enum, Inherited = false)]
public sealed class DescriptionAttribute(string description) : Attribute
{
    /// <summary>One or more sentences for users of the API.</summary>
    public string Description { get; } = description;
}
