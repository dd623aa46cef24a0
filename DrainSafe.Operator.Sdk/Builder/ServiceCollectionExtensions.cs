using DrainSafe.Operator.Abstractions.Events;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Events;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Options;
using DrainSafe.Operator.Sdk.Status;
using FluentValidation;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>Adds the operator runtime to a host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The configuration section the runtime's settings are bound from by default.</summary>
    public const string DefaultSection = "Operator";

    /// <summary>
    /// Adds the runtime with settings from code only: the Kubernetes client, leader election, the health endpoint, the
    /// status writer, the <see cref="EventPublisher"/>; controllers and finalizers are added on the returned builder.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Adjusts the settings; they are validated when the host starts.</param>
    public static IOperatorBuilder AddKubernetesOperator(this IServiceCollection services, Action<OperatorSettings>? configure = null) =>
        services.AddKubernetesOperator(null, DefaultSection, configure);

    /// <summary>
    /// Adds the runtime with <see cref="OperatorSettings"/> bound from <paramref name="configuration"/>'s section
    /// <paramref name="section"/> (as <see cref="IOptions{TOptions}"/>), then adjusted by <paramref name="configure"/>, and
    /// validated when the host starts: a bad value stops the host with an <see cref="OptionsValidationException"/> whose
    /// message names the configuration key (<c>Operator:Workers must be in [1, 64] (was 0).</c>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">Where the settings are read from; null for code only.</param>
    /// <param name="section">The section of <paramref name="configuration"/>, and the prefix of the keys in messages.</param>
    /// <param name="configure">Adjusts the settings after binding (what configuration cannot hold, such as a client factory).</param>
    public static IOperatorBuilder AddKubernetesOperator(
        this IServiceCollection services, IConfiguration? configuration, string section = DefaultSection, Action<OperatorSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(section);
        if (services.Any(s => s.ServiceType == typeof(Leadership)))
        {
            throw new InvalidOperationException("AddKubernetesOperator was already called on these services.");
        }

        var settings = services.AddOptions<OperatorSettings>();
        if (configuration is not null)
        {
            settings.Bind(configuration.GetSection(section));
        }

        if (configure is not null)
        {
            settings.Configure(configure);
        }

        settings.PostConfigure(FillLeaderElectionDefaults).ValidateOnStart();
        services.AddSingleton<IValidator<OperatorSettings>>(new OperatorSettingsValidator(section));
        services.AddSingleton<IValidateOptions<OperatorSettings>, FluentValidateOptions<OperatorSettings>>();

        services.AddLogging();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperatorSettings>>().Value.LeaderElection);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OperatorSettings>>().Value;
            return new PriorityRateLimitHandler(options.ApiQps, options.ApiBurst, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IKubernetes>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OperatorSettings>>().Value;
            return options.KubernetesClientFactory?.Invoke(sp)
                ?? new Kubernetes(options.KubernetesClientConfiguration ?? KubernetesClientConfiguration.BuildDefaultConfig(),
                    sp.GetRequiredService<PriorityRateLimitHandler>());
        });

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
        return new OperatorBuilder(services);
    }

    // The pod's downward-API variables name the Lease's namespace and this replica, unless configuration did.
    private static void FillLeaderElectionDefaults(OperatorSettings settings)
    {
        var election = settings.LeaderElection;
        if (election is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(election.LeaseNamespace))
        {
            election.LeaseNamespace = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "default";
        }

        if (string.IsNullOrEmpty(election.Identity))
        {
            var pod = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } name ? name : Environment.MachineName;
            election.Identity = $"{pod}_{Guid.NewGuid():N}";
        }
    }
}
