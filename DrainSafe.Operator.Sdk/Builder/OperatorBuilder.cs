using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Reconcile;
using DrainSafe.Operator.Sdk.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>The builder returned by <c>AddKubernetesOperator</c>.</summary>
public sealed class OperatorBuilder : IOperatorBuilder
{
    private readonly HashSet<Type> entities = [];
    private readonly HashSet<Type> controllers = [];
    private readonly HashSet<string> finalizerIds = new(StringComparer.Ordinal);
    private readonly HashSet<Type> informers = [];
    private readonly HashSet<Type> filters = [];

    /// <summary>Creates the builder.</summary>
    /// <param name="services">The service collection.</param>
    public OperatorBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public IOperatorBuilder AddController<TController, TEntity>()
        where TController : class, IEntityController<TEntity>
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        if (!controllers.Add(typeof(TEntity)))
        {
            throw new InvalidOperationException(
                $"{typeof(TEntity).Name} already has a controller; register one controller per entity type.");
        }

        Services.AddScoped<IEntityController<TEntity>, TController>();
        AddEntity<TEntity>();
        return this;
    }

    /// <inheritdoc />
    public IOperatorBuilder AddFinalizer<TFinalizer, TEntity>(string? identifier = null)
        where TFinalizer : class, IEntityFinalizer<TEntity>
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        var id = identifier ?? FinalizerIdentifier.Default(typeof(TFinalizer), EntityDefinition.For<TEntity>());
        FinalizerIdentifier.Validate(id);
        if (!finalizerIds.Add($"{typeof(TEntity).FullName}|{id}"))
        {
            throw new InvalidOperationException($"Finalizer \"{id}\" is already registered for {typeof(TEntity).Name}.");
        }

        Services.AddScoped<TFinalizer>();
        Services.AddSingleton(new FinalizerRegistration<TEntity>(id, typeof(TFinalizer)));
        AddEntity<TEntity>();
        return this;
    }

    /// <inheritdoc />
    public IOperatorBuilder AddInformer<TEntity>(EntitySelector? selector = null, Func<TEntity, TEntity>? transform = null)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        if (informers.Contains(typeof(TEntity)))
        {
            throw new InvalidOperationException(
                $"{typeof(TEntity).Name} already has a shared informer; call AddInformer<{typeof(TEntity).Name}> before any controller or watch of the type, and once.");
        }

        AddSharedInformer(new SharedInformerOptions<TEntity> { Selector = selector ?? EntitySelector.All, Transform = transform });
        return this;
    }

    /// <inheritdoc />
    public IOperatorBuilder Watches<TEntity, TOther>(Func<EntityChange<TOther>, IEnumerable<string>> toKeys)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(toKeys);
        if (!informers.Contains(typeof(TOther)))
        {
            AddSharedInformer(new SharedInformerOptions<TOther>());
        }

        Services.AddSingleton<SecondaryWatch<TEntity>>(new SecondaryWatch<TEntity, TOther>(toKeys));
        return this;
    }

    /// <inheritdoc />
    public IOperatorBuilder WithEventFilter<TEntity>(Func<EntityChange<TEntity>, bool> shouldReconcile)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(shouldReconcile);
        if (!filters.Add(typeof(TEntity)))
        {
            throw new InvalidOperationException($"{typeof(TEntity).Name} already has an event filter.");
        }

        Services.AddSingleton(new EventFilter<TEntity>(shouldReconcile));
        return this;
    }

    private void AddSharedInformer<TEntity>(SharedInformerOptions<TEntity> options)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        _ = EntityDefinition.For<TEntity>();
        informers.Add(typeof(TEntity));
        Services.AddSingleton(options);
        Services.AddSingleton<SharedInformer<TEntity>>();
        Services.AddSingleton<ISharedInformer<TEntity>>(sp => sp.GetRequiredService<SharedInformer<TEntity>>());
        Services.AddHostedService(sp => sp.GetRequiredService<SharedInformer<TEntity>>());
    }

    private void AddEntity<TEntity>()
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        // Fails now, at registration, if the entity lacks its [KubernetesEntity] attribute.
        _ = EntityDefinition.For<TEntity>();
        if (entities.Add(typeof(TEntity)))
        {
            if (!informers.Contains(typeof(TEntity)))
            {
                AddSharedInformer(new SharedInformerOptions<TEntity>());
            }

            Services.TryAddSingleton<EntityRequeue<TEntity>>();
            Services.TryAddSingleton<IEntityRequeue<TEntity>>(sp => sp.GetRequiredService<EntityRequeue<TEntity>>());
            Services.AddHostedService<EntityControllerService<TEntity>>();
        }
    }
}
