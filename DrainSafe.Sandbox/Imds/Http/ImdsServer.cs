using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DrainSafe.Sandbox.Imds.Http;

/// <summary>
/// Serves an <see cref="ImdsSimulator"/> over HTTP on loopback: one Kestrel server for all VMs, each VM under its
/// own base address <c>http://127.0.0.1:{port}/vm/{vmName}/</c>. An agent configured with that base address calls
/// the same relative paths as on Azure (<c>metadata/scheduledevents?api-version=2020-07-01</c>,
/// <c>metadata/instance/compute/name?api-version=2021-02-01&amp;format=text</c>), where Azure's base is
/// <c>http://169.254.169.254/</c>.
/// </summary>
public sealed class ImdsServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;

    private ImdsServer(WebApplication app, CancellationTokenSource stopping, Uri baseAddress)
    {
        this.app = app;
        this.stopping = stopping;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the server on 127.0.0.1.</summary>
    /// <param name="simulator">The world it serves.</param>
    /// <param name="port">The TCP port; 0 (default) picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<ImdsServer> StartAsync(ImdsSimulator simulator, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var handler = new ImdsRequestHandler(simulator, stopping.Token);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ImdsServer(app, stopping, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>The base address an agent on <paramref name="vmName"/> uses instead of <c>http://169.254.169.254/</c>.</summary>
    /// <param name="vmName">The VM's compute name.</param>
    /// <returns>E.g. <c>http://127.0.0.1:41234/vm/aks-pool1-12345-vmss_3/</c>.</returns>
    public Uri VmBaseAddress(string vmName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        return new Uri(BaseAddress, $"vm/{Uri.EscapeDataString(vmName)}/");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Requests held back by injected latency end now instead of holding the shutdown.
        await stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await app.StopAsync(timeout.Token);
        }

        await app.DisposeAsync();
        stopping.Dispose();
    }
}
