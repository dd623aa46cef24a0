using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>Registers controllers and finalizers with the operator runtime, KubeOps style.</summary>
public interface IOperatorBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

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

    /// <summary>
    /// Shares one informer of <typeparamref name="TEntity"/> through DI (<see cref="ISharedInformer{TEntity}"/>), running
    /// while this replica leads. Call it once per type; controllers and secondary watches of the type reuse it.
    /// </summary>
    /// <typeparam name="TEntity">The type to list and watch (a custom entity or a built-in such as V1Node).</typeparam>
    /// <param name="selector">Which objects to cover; null for all.</param>
    /// <param name="transform">Slims each object before it is cached; null keeps it whole.</param>
    IOperatorBuilder AddInformer<TEntity>(EntitySelector? selector = null, Func<TEntity, TEntity>? transform = null)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Reconciles <typeparamref name="TEntity"/> objects when a <typeparamref name="TOther"/> changes: each change is
    /// mapped to the keys to enqueue (controller-runtime's <c>Watches</c> with a map function). Adds the shared informer of
    /// <typeparamref name="TOther"/> when it is not there yet.
    /// </summary>
    /// <typeparam name="TEntity">The controller's entity type.</typeparam>
    /// <typeparam name="TOther">The watched type.</typeparam>
    /// <param name="toKeys">The keys of <typeparamref name="TEntity"/> to reconcile for a change; empty for none.</param>
    IOperatorBuilder Watches<TEntity, TOther>(Func<EntityChange<TOther>, IEnumerable<string>> toKeys)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
        where TOther : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces the default event filter of the controller of <typeparamref name="TEntity"/> (spec, deletion and finalizer
    /// changes; see <see cref="Reconcile.ReconcileTrigger"/>) with <paramref name="shouldReconcile"/>.
    /// </summary>
    /// <typeparam name="TEntity">The controller's entity type.</typeparam>
    /// <param name="shouldReconcile">True when a change of the type's own objects should be reconciled.</param>
    IOperatorBuilder WithEventFilter<TEntity>(Func<EntityChange<TEntity>, bool> shouldReconcile)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>;
}
