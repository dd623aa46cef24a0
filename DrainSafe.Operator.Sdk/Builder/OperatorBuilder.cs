using DrainSafe.Operator.Abstractions.Controller;
using DrainSafe.Operator.Abstractions.Finalizer;
using DrainSafe.Operator.Sdk.Entities;
using DrainSafe.Operator.Sdk.Finalizers;
using DrainSafe.Operator.Sdk.Reconcile;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>The builder returned by <see cref="ServiceCollectionExtensions.AddKubernetesOperator"/>.</summary>
public sealed class OperatorBuilder : IOperatorBuilder
{
    private readonly HashSet<Type> entities = [];
    private readonly HashSet<Type> controllers = [];
    private readonly HashSet<string> finalizerIds = new(StringComparer.Ordinal);

    /// <summary>Creates the builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="settings">The runtime's settings.</param>
    public OperatorBuilder(IServiceCollection services, OperatorSettings settings)
    {
        Services = services;
        Settings = settings;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public OperatorSettings Settings { get; }

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

    private void AddEntity<TEntity>()
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        // Fails now, at registration, if the entity lacks its [KubernetesEntity] attribute.
        _ = EntityDefinition.For<TEntity>();
        if (entities.Add(typeof(TEntity)))
        {
            Services.AddHostedService<EntityControllerService<TEntity>>();
        }
    }
}
