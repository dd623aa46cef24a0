using System.Net;
using DrainSafe.Agent.Metrics;
using DrainSafe.Agent.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DrainSafe.Agent.Health;

/// <summary>
/// Serves <c>/healthz</c> (200 while the process runs), <c>/readyz</c> (200 when <see cref="AgentHealth.IsReady"/>,
/// else 503 with the reason) and <c>/metrics</c> (Prometheus text) on <see cref="AgentOptions.HealthPort"/>, with a
/// minimal Kestrel (no routing, no MVC: NativeAOT-friendly). Nothing is served when the port is null.
/// </summary>
public sealed class AgentHttpEndpoint : IHostedService, IAsyncDisposable
{
    private readonly AgentOptions options;
    private readonly AgentHealth health;
    private readonly PrometheusTextExporter exporter;
    private WebApplication? app;

    /// <summary>Creates the endpoint; it listens from <see cref="StartAsync"/>.</summary>
    public AgentHttpEndpoint(IOptions<AgentOptions> options, AgentHealth health, PrometheusTextExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.health = health;
        this.exporter = exporter;
    }

    /// <summary>The address it listens on, e.g. <c>http://127.0.0.1:41234/</c>; null before start or when disabled.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.HealthPort is not { } port)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(options.HealthAddress), port);
        });
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            app = null;
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        switch (context.Request.Path.Value)
        {
            case "/healthz":
                return response.WriteAsync("ok\n", context.RequestAborted);
            case "/readyz":
                if (health.NotReadyReason is { } reason)
                {
                    response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return response.WriteAsync("not ready: " + reason + "\n", context.RequestAborted);
                }

                return response.WriteAsync("ready\n", context.RequestAborted);
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                return response.WriteAsync(exporter.Render(), context.RequestAborted);
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return response.WriteAsync("Not found: the agent serves /healthz, /readyz and /metrics.\n", context.RequestAborted);
        }
    }
}
