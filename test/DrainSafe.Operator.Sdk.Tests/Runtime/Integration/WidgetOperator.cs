using DrainSafe.Operator.Sdk.Builder;
using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>One operator instance (a host running the runtime with the Widget controller) against a <see cref="WidgetCluster"/>.</summary>
internal sealed class WidgetOperator : IAsyncDisposable
{
    private WidgetOperator(IHost host, WidgetLog log, WidgetBehaviour behaviour, LogCapture logs, RecordingLossHandler loss)
    {
        Host = host;
        Log = log;
        Behaviour = behaviour;
        Logs = logs;
        Loss = loss;
    }

    public IHost Host { get; }

    public WidgetLog Log { get; }

    public WidgetBehaviour Behaviour { get; }

    public LogCapture Logs { get; }

    public RecordingLossHandler Loss { get; }

    public IServiceProvider Services => Host.Services;

    public string Diagnostics => $"Calls:\n{Log}\nLogs:\n{Logs}";

    public static async Task<WidgetOperator> StartAsync(
        WidgetCluster cluster,
        Action<OperatorSettings>? configure = null,
        Action<IOperatorBuilder>? register = null,
        Action<WidgetBehaviour>? behave = null,
        bool withController = true)
    {
        var log = new WidgetLog();
        var behaviour = new WidgetBehaviour();
        behave?.Invoke(behaviour);
        var logs = new LogCapture();
        var loss = new RecordingLossHandler();

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(behaviour);
        builder.Services.AddSingleton<ILeadershipLossHandler>(loss);
        var runtime = builder.Services.AddKubernetesOperator(settings =>
        {
            settings.KubernetesClientFactory = _ => cluster.NewClient();
            settings.Workers = 2;
            settings.LeaderElection.Enabled = false;
            settings.Health.Port = null;
            settings.Informer.HeartbeatWindow = TimeSpan.FromSeconds(5);
            settings.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            settings.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            configure?.Invoke(settings);
        });
        if (withController)
        {
            runtime.AddController<WidgetController, Widget>();
        }

        register?.Invoke(runtime);

        var host = builder.Build();
        behaviour.Services = host.Services;
        await host.StartAsync();
        return new WidgetOperator(host, log, behaviour, logs, loss);
    }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    public Uri? HealthAddress => Host.Services.GetRequiredService<HealthEndpointService>().Address;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}
