using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Events;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Status;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>Adds the operator runtime to a host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: the Kubernetes client, leader election, the health endpoint, the status writer,
    /// the <see cref="EventPublisher"/>; controllers and finalizers are added on the returned builder.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Adjusts the settings; they are validated afterwards.</param>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public static IOperatorBuilder AddKubernetesOperator(this IServiceCollection services, Action<OperatorSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => s.ServiceType == typeof(OperatorSettings)))
        {
            throw new InvalidOperationException("AddKubernetesOperator was already called on these services.");
        }

        var settings = new OperatorSettings();
        configure?.Invoke(settings);
        settings.Validate();

        services.AddLogging();
        services.AddSingleton(settings);
        services.AddSingleton(settings.LeaderElection);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PriorityRateLimitHandler(settings.ApiQps, settings.ApiBurst, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IKubernetes>(sp => settings.KubernetesClientFactory?.Invoke(sp)
            ?? new Kubernetes(settings.KubernetesClientConfiguration ?? KubernetesClientConfiguration.BuildDefaultConfig(),
                sp.GetRequiredService<PriorityRateLimitHandler>()));

        services.AddSingleton<Leadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<Leadership>());
        services.TryAddSingleton<ILeadershipLossHandler, StopApplicationOnLeadershipLoss>();
        services.AddSingleton<WatchHeartbeatRegistry>();

        services.TryAddSingleton(typeof(IEntityStatusWriter<>), typeof(EntityStatusWriter<>));
        services.TryAddSingleton<KubernetesEventPublisher>();
        services.TryAddSingleton<EventPublisher>(sp => sp.GetRequiredService<KubernetesEventPublisher>().PublishAsync);

        services.AddHealthChecks()
            .AddCheck<WatchHeartbeatHealthCheck>("watch-heartbeat", tags: [HealthTags.Live])
            .AddCheck<InformerSyncHealthCheck>("informers-synced", tags: [HealthTags.Ready]);

        // Hosted services start in this order and stop in reverse: workers stop before the Lease is released.
        services.AddHostedService<LeaderElectionService>();
        services.AddSingleton<HealthEndpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthEndpointService>());
        return new OperatorBuilder(services, settings);
    }
}
