using System.Text;
using DrainSafe.Operator.Sdk.Builder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DrainSafe.Operator.Sdk.Health;

/// <summary>
/// Serves <c>/healthz</c> (checks tagged live) and <c>/readyz</c> (live and ready) on their own Kestrel
/// port, answering 200 or 503 with one line per check; more endpoints via <see cref="HealthSettings.MapEndpoints"/>.
/// </summary>
public sealed class HealthEndpointService : IHostedService, IAsyncDisposable
{
    private readonly HealthSettings settings;
    private readonly HealthCheckService checks;
    private WebApplication? app;

    /// <summary>Creates the service.</summary>
    /// <param name="settings">Port, host and extra endpoints.</param>
    /// <param name="checks">The host's health checks.</param>
    public HealthEndpointService(IOptions<OperatorSettings> settings, HealthCheckService checks)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings.Value.Health;
        this.checks = checks;
    }

    /// <summary>The address the endpoint listens on once started (e.g. <c>http://127.0.0.1:41234</c>); null when disabled.</summary>
    public Uri? Address { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Port is not { } port)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{settings.Host}:{port}");
        app = builder.Build();
        app.MapGet("/healthz", context => AnswerAsync(context, c => c.Tags.Contains(HealthTags.Live)));
        app.MapGet("/readyz", context => AnswerAsync(context, c => c.Tags.Contains(HealthTags.Live) || c.Tags.Contains(HealthTags.Ready)));
        settings.MapEndpoints?.Invoke(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = bound is null ? null : new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
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
        }
    }

    private async Task AnswerAsync(HttpContext context, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await checks.CheckHealthAsync(predicate, context.RequestAborted).ConfigureAwait(false);
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" - ").Append(entry.Description).Append('\n');
        }

        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
    }
}
