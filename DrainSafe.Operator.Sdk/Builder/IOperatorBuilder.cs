using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>Registers controllers and finalizers with the operator runtime, KubeOps style.</summary>
public interface IOperatorBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>The runtime's settings.</summary>
    OperatorSettings Settings { get; }

    /// <summary>Reconciles <typeparamref name="TEntity"/> with <typeparamref name="TController"/> (one controller per entity type; resolved per reconcile from a DI scope).</summary>
    /// <typeparam name="TController">The controller.</typeparam>
    /// <typeparam name="TEntity">The entity type, marked with <see cref="KubernetesEntityAttribute"/>.</typeparam>
    IOperatorBuilder AddController<TController, TEntity>()
        where TController : class, IEntityController<TEntity>
        where TEntity : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Guards <typeparamref name="TEntity"/> with <typeparamref name="TFinalizer"/>, attached before the first reconcile.</summary>
    /// <typeparam name="TFinalizer">The finalizer.</typeparam>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="identifier">The string put in metadata.finalizers; default <c>{group}/{lowercase class name without "finalizer"}finalizer</c>.</param>
    IOperatorBuilder AddFinalizer<TFinalizer, TEntity>(string? identifier = null)
        where TFinalizer : class, IEntityFinalizer<TEntity>
        where TEntity : class, IKubernetesObject<V1ObjectMeta>;
}
