using DrainSafe.Agent.Health;
using DrainSafe.Agent.Imds;
using DrainSafe.Agent.Kubernetes;
using DrainSafe.Agent.Maintenance;
using DrainSafe.Agent.Metrics;
using DrainSafe.Agent.Options;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Agent;

/// <summary>
/// Builds a node agent as a Generic Host: the process's <c>Program.cs</c> runs one, and the sandbox and tests run
/// one per simulated node in-process, each with its own options, HTTP clients, meter and health port.
/// </summary>
public static class AgentHost
{
    /// <summary>
    /// Builds an agent whose options come from configuration: the section <c>Agent</c> of appsettings.json,
    /// environment variables (<c>Agent__PollInterval</c>), the command line (<c>--Agent:PollInterval=00:00:02</c>),
    /// then whatever <paramref name="configure"/> adds (it wins). <c>Agent:NodeName</c> defaults to the
    /// environment variable <c>NODE_NAME</c>. The options are validated when the host starts: a bad value makes
    /// <c>StartAsync</c> throw an <see cref="OptionsValidationException"/> that names the setting and its range.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="configure">Adds configuration sources after the defaults (tests add an in-memory collection).</param>
    /// <param name="kubernetes">The API server to use; null: <see cref="KubernetesClientConfiguration.BuildDefaultConfig"/> (in-cluster or kubeconfig).</param>
    /// <param name="logs">Where to log; null: the console (JSON lines when <c>Agent:JsonLogs</c> is true).</param>
    /// <param name="time">The clock; null: <see cref="TimeProvider.System"/>.</param>
    /// <returns>The host; run it with <c>RunAsync</c> or <c>StartAsync</c>/<c>StopAsync</c>, then dispose it.</returns>
    public static IHost Create(
        string[] args,
        Action<IConfigurationBuilder>? configure = null,
        KubernetesClientConfiguration? kubernetes = null,
        ILoggerFactory? logs = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection(AgentOptions.SectionName))
            .PostConfigure(o => o.NodeName ??= Environment.GetEnvironmentVariable(AgentOptions.NodeNameEnvironmentVariable))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidation>();
        var jsonLogs = builder.Configuration.GetValue<bool>($"{AgentOptions.SectionName}:{nameof(AgentOptions.JsonLogs)}");
        return Build(builder, kubernetes, logs, time, jsonLogs);
    }

    /// <summary>
    /// Builds an agent from options given in code (the sandbox's way: one agent per simulated node). The options are
    /// validated now: a bad value throws an <see cref="OptionsValidationException"/> that names the setting.
    /// </summary>
    /// <param name="options">The agent's options; NodeName is required here (no NODE_NAME fallback).</param>
    /// <param name="kubernetes">The API server, e.g. <c>new KubernetesClientConfiguration { Host = cluster.Server.BaseAddress.ToString() }</c>.</param>
    /// <param name="logs">Where to log; null: the console.</param>
    /// <param name="time">The clock; null: <see cref="TimeProvider.System"/>.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Create(AgentOptions options, KubernetesClientConfiguration kubernetes, ILoggerFactory? logs = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kubernetes);
        var result = new AgentOptionsValidation().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(AgentOptions), result.Failures);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddSingleton<IOptions<AgentOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        return Build(builder, kubernetes, logs, time, options.JsonLogs);
    }

    /// <summary>The health endpoint's address (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>) of a started agent; null when disabled.</summary>
    public static Uri? HealthAddress(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<AgentHttpEndpoint>().BaseAddress;
    }

    private static IHost Build(HostApplicationBuilder builder, KubernetesClientConfiguration? kubernetes, ILoggerFactory? logs, TimeProvider? time, bool jsonLogs)
    {
        var services = builder.Services;
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            services.Replace(ServiceDescriptor.Singleton(logs));
            services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        }
        else if (jsonLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else if (!services.Any(d => d.ServiceType == typeof(ILoggerProvider)))
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        services.AddMetrics();
        services.TryAddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(s => s.GetRequiredService<IOptions<AgentOptions>>().Value);
        services.AddSingleton<AgentHealth>();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton<PrometheusTextExporter>();
        services.AddSingleton<ImdsClient>();
        services.AddSingleton(s => new NodeMaintenanceApi(kubernetes ?? KubernetesClientConfiguration.BuildDefaultConfig(), s.GetRequiredService<AgentHealth>()));
        services.AddSingleton<AgentHttpEndpoint>();
        services.AddHostedService(s => s.GetRequiredService<AgentHttpEndpoint>());
        services.AddHostedService<NodeAgent>();
        return builder.Build();
    }
}
