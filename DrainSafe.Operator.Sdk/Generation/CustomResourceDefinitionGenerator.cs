using System.Reflection;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using DrainSafe.Operator.Sdk.Entities;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// Builds the CustomResourceDefinition of an entity type from its attributes: names, scope, short
/// names and categories, the OpenAPI schema with validations, the status subresource and the
/// printer columns.
/// </summary>
public static class CustomResourceDefinitionGenerator
{
    /// <summary>Builds the CRD of <typeparamref name="TEntity"/>.</summary>
    /// <typeparam name="TEntity">An entity class marked with <see cref="KubernetesEntityAttribute"/>.</typeparam>
    public static V1CustomResourceDefinition Generate<TEntity>() => Generate(typeof(TEntity));

    /// <summary>Builds the CRD of <paramref name="entityType"/>, with one version that is served and stored.</summary>
    /// <param name="entityType">An entity class marked with <see cref="KubernetesEntityAttribute"/>.</param>
    /// <exception cref="ArgumentException">The type is not a complete entity.</exception>
    /// <exception cref="NotSupportedException">An attribute or a property type cannot be expressed in a CRD; the message names it.</exception>
    public static V1CustomResourceDefinition Generate(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var definition = EntityDefinition.For(entityType);
        if (definition.Group.Length == 0)
        {
            throw new ArgumentException($"[KubernetesEntity] on {entityType.FullName} must set Group: custom resources cannot live in the core group.", nameof(entityType));
        }

        var builder = new OpenApiSchemaBuilder();
        var schema = builder.BuildRoot(entityType);
        var columns = builder.PrinterColumns
            .Concat(entityType.GetCustomAttributes<GenericAdditionalPrinterColumnAttribute>().Select(column => new V1CustomResourceColumnDefinition
            {
                JsonPath = column.JsonPath,
                Name = column.Name,
                Type = column.Type,
                Format = column.Format,
                Priority = column.Priority == 0 ? null : column.Priority,
                Description = column.Description,
            }))
            .ToList();

        var shortNames = entityType.GetCustomAttribute<KubernetesEntityShortNamesAttribute>()?.ShortNames;
        var categories = entityType.GetCustomAttribute<KubernetesEntityCategoriesAttribute>()?.Categories;
        var scope = entityType.GetCustomAttribute<EntityScopeAttribute>()?.Scope ?? EntityScope.Namespaced;
        var hasStatus = entityType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStatus<>));

        return new V1CustomResourceDefinition
        {
            ApiVersion = $"{V1CustomResourceDefinition.KubeGroup}/{V1CustomResourceDefinition.KubeApiVersion}",
            Kind = V1CustomResourceDefinition.KubeKind,
            Metadata = new V1ObjectMeta { Name = definition.QualifiedPlural },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = definition.Group,
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = definition.Kind,
                    ListKind = definition.Kind + "List",
                    Plural = definition.Plural,
                    Singular = definition.Kind.ToLowerInvariant(),
                    ShortNames = shortNames is { Count: > 0 } ? [.. shortNames] : null,
                    Categories = categories is { Count: > 0 } ? [.. categories] : null,
                },
                Scope = scope.ToString(),
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = definition.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
                        Subresources = hasStatus ? new V1CustomResourceSubresources { Status = new object() } : null,
                        AdditionalPrinterColumns = columns.Count > 0 ? columns : null,
                    },
                ],
            },
        };
    }
}
