using System.Collections.Concurrent;
using System.Reflection;
using DrainSafe.Operator.Abstractions.Entities.Attributes;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Entities;

/// <summary>
/// Base class of a custom resource with a spec and a status, in the shape KubeOps uses.
/// Mark derived classes with <see cref="KubernetesEntityAttribute"/> and the schema attributes;
/// a new instance starts with <see cref="ApiVersion"/> and <see cref="Kind"/> taken from that attribute.
/// </summary>
/// <typeparam name="TSpec">The desired state, written by the resource's owner.</typeparam>
/// <typeparam name="TStatus">The observed state, written through the status subresource.</typeparam>
public abstract class CustomKubernetesEntity<TSpec, TStatus> :
    IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    private static readonly ConcurrentDictionary<Type, (string ApiVersion, string Kind)> TypeMeta = new();

    /// <summary>Starts a new object with its apiVersion and kind filled in from <see cref="KubernetesEntityAttribute"/>.</summary>
    protected CustomKubernetesEntity()
    {
        (ApiVersion, Kind) = TypeMeta.GetOrAdd(GetType(), ReadTypeMeta);
    }

    /// <inheritdoc />
    [Description("The versioned schema of this representation of the object: group/version.")]
    public string ApiVersion { get; set; }

    /// <inheritdoc />
    [Description("The REST resource this object represents, in CamelCase.")]
    public string Kind { get; set; }

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    public TSpec Spec { get; set; } = new();

    /// <inheritdoc />
    public TStatus Status { get; set; } = new();

    private static (string ApiVersion, string Kind) ReadTypeMeta(Type entityType)
    {
        var attribute = entityType.GetCustomAttribute<KubernetesEntityAttribute>();
        if (attribute is null)
        {
            return (string.Empty, string.Empty);
        }

        var apiVersion = string.IsNullOrEmpty(attribute.Group)
            ? attribute.ApiVersion ?? string.Empty
            : $"{attribute.Group}/{attribute.ApiVersion}";
        return (apiVersion, attribute.Kind ?? string.Empty);
    }
}
