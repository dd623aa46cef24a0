using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Abstractions.Entities;

/// <summary>
/// Base class of a custom resource with a spec and a status, in the shape KubeOps uses.
/// Mark derived classes with <see cref="KubernetesEntityAttribute"/> and the schema attributes.
/// </summary>
/// <typeparam name="TSpec">The desired state, written by the resource's owner.</typeparam>
/// <typeparam name="TStatus">The observed state, written through the status subresource.</typeparam>
public abstract class CustomKubernetesEntity<TSpec, TStatus> :
    IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = string.Empty;

    /// <inheritdoc />
    public string Kind { get; set; } = string.Empty;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    public TSpec Spec { get; set; } = new();

    /// <inheritdoc />
    public TStatus Status { get; set; } = new();
}
