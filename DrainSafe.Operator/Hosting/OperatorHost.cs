using DrainSafe.Entities;
using DrainSafe.Operator.Drain;
using DrainSafe.Operator.Lifecycle;
using DrainSafe.Operator.Observability;
using DrainSafe.Operator.Options;
using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Options;
using DrainSafe.Operator.Sdk.Watch;
using FluentValidation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace DrainSafe.Operator.Hosting;

/// <summary>
/// Builds DrainSafe's operator as a host: configuration (appsettings, environment, command line), the runtime with its
/// informers, the NodeMaintenance controller and finalizer, the drain engine, health and metrics. <c>Program.cs</c> runs
/// it; the sandbox and the end-to-end tests run the same host in-process against the sandbox API server.
/// </summary>
public static class OperatorHost
{
    /// <summary>The configuration section of the runtime's settings (workers, leader election, health port).</summary>
    public const string RuntimeSection = "Operator";

    /// <summary>Creates the host.</summary>
    /// <param name="args">Command-line arguments (<c>--DrainSafe:DryRun=true</c>, <c>--Operator:Health:Port=8081</c>).</param>
    /// <param name="kubernetes">How to reach the API server; null for kubeconfig or in-cluster configuration.</param>
    /// <param name="configure">Adds configuration sources or services (tests, the sandbox); applied last.</param>
    /// <param name="ownsProcess">
    /// True when the host is its process's only job (<c>Program.cs</c>): it then compacts the process's heap once its
    /// start-up work is over (<see cref="StartupHeapCompaction"/>). Hosts sharing a process with the sandbox or tests leave
    /// the process's heap alone.
    /// </param>
    /// <exception cref="OptionsValidationException">At start: a DrainSafe or runtime (Operator) setting is invalid (the message names its key).</exception>
    public static IHost Create(
        string[] args, KubernetesClientConfiguration? kubernetes = null, Action<HostApplicationBuilder>? configure = null, bool ownsProcess = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Every log line carries the reconcile's scope (the node and the event id), in the plain and in the JSON console format.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddSingleton<IValidator<DrainSafeOptions>, DrainSafeOptionsValidator>();
        services.AddSingleton<IValidateOptions<DrainSafeOptions>, FluentValidateOptions<DrainSafeOptions>>();
        services.AddOptions<DrainSafeOptions>().Bind(configuration.GetSection(DrainSafeOptions.Section)).ValidateOnStart();
        // prometheus-net's meter adapter publishes nothing into a custom registry (seen with 8.2.1), so /metrics serves the
        // default one, fed only by this host's meter.
        services.AddMetrics();
        services.AddHostedService(sp => new MetricsExport(Metrics.DefaultRegistry, sp.GetRequiredService<DrainSafeMetrics>()));
        services.AddSingleton<DrainSafeMetrics>();
        services.AddSingleton<PodEvictor>();
        services.AddSingleton<NodeCordoner>();
        services.AddSingleton<DrainCoordinator>();
        services.AddSingleton<CordonAdmissions>();

        services.AddKubernetesOperator(configuration, RuntimeSection, settings =>
            {
                // The API budget is policy: DrainSafe:ApiQps/ApiBurst, when set and valid, win over Operator:ApiQps/ApiBurst
                // (an invalid policy value is reported by the policy's validation at start).
                var policy = configuration.GetSection(DrainSafeOptions.Section);
                if (policy[nameof(DrainSafeOptions.ApiQps)] is not null && policy.GetValue<double>(nameof(DrainSafeOptions.ApiQps)) is >= 1 and <= 10_000 and var qps)
                {
                    settings.ApiQps = qps;
                }

                if (policy[nameof(DrainSafeOptions.ApiBurst)] is not null && policy.GetValue<int>(nameof(DrainSafeOptions.ApiBurst)) is >= 1 and <= 100_000 and var burst)
                {
                    settings.ApiBurst = burst;
                }

                settings.KubernetesClientConfiguration = kubernetes ?? settings.KubernetesClientConfiguration;
                settings.Health.MapEndpoints = endpoints => endpoints.MapMetrics();
            })
            .AddInformer<V1Node>(transform: SlimObjects.Node)
            .AddInformer<V1PodDisruptionBudget>()
            .AddController<NodeMaintenanceController, NodeMaintenance>()
            .AddFinalizer<NodeMaintenanceFinalizer, NodeMaintenance>(DrainSafeFinalizers.NodeMaintenance)
            .Watches<NodeMaintenance, V1Node>(NodeChanges);
        if (ownsProcess)
        {
            services.AddHostedService<StartupHeapCompaction>();
        }

        var host = builder.Build();
        var metrics = host.Services.GetRequiredService<DrainSafeMetrics>();
        var maintenances = host.Services.GetRequiredService<ISharedInformer<NodeMaintenance>>();
        metrics.ObserveStates(() => maintenances.Cache.Snapshot()
            .GroupBy(m => m.Status?.State ?? MaintenanceState.NodeRunning)
            .Select(g => (g.Key, g.Count())));
        return host;
    }

    // A node matters to its NodeMaintenance when it appears, goes, is (un)cordoned, or its taints or DrainSafe's annotations change.
    private static IEnumerable<string> NodeChanges(EntityChange<V1Node> change)
    {
        var before = change.Previous;
        var after = change.Current;
        if (before is null || change.Type != EntityChangeType.Modified
            || before.Spec?.Unschedulable != after.Spec?.Unschedulable
            || (before.Spec?.Taints?.Count ?? 0) != (after.Spec?.Taints?.Count ?? 0)
            || NodeCordoner.IsOwnedCordon(before) != NodeCordoner.IsOwnedCordon(after))
        {
            yield return after.Metadata.Name;
        }
    }
}
