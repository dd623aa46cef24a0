using System.Net;
using DrainSafe.Sandbox.Api.Authentication;
using DrainSafe.Sandbox.Api.Eviction;
using DrainSafe.Sandbox.Api.Faults;
using DrainSafe.Sandbox.Api.Http;
using DrainSafe.Sandbox.Api.Store;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Sandbox.Api;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (plain HTTP/1.1) that kubectl and KubernetesClient accept
/// unchanged, holding objects in memory.
/// </summary>
public sealed class SandboxApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxApiServer(WebApplication app, ObjectStore store, ApiFaults faults, TokenAuthenticator authentication, Uri baseAddress)
    {
        _app = app;
        Store = store;
        Faults = faults;
        Authentication = authentication;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Fault injection and request accounting.</summary>
    public ApiFaults Faults { get; }

    /// <summary>In-process access to the objects, with the same semantics as the HTTP API.</summary>
    public ObjectStore Store { get; }

    /// <summary>The bearer tokens the server accepts; issues service account tokens.</summary>
    public TokenAuthenticator Authentication { get; }

    /// <summary>Starts a server; with port 0 (the default) on a free port.</summary>
    public static async Task<SandboxApiServer> StartAsync(SandboxApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxApiServerOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = new ObjectStore(options);
        var faults = new ApiFaults(store);
        var authentication = new TokenAuthenticator();
        try
        {
            var app = await StartKestrelAsync(options, store, faults, authentication, loggerFactory, cancellationToken).ConfigureAwait(false);
            return new SandboxApiServer(app.App, store, faults, authentication, app.BaseAddress);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client configuration pointing at this server, as the admin (<see cref="TokenAuthenticator.AdminToken"/>).</summary>
    public KubernetesClientConfiguration CreateClientConfiguration() => CreateClientConfiguration(TokenAuthenticator.AdminToken);

    /// <summary>A client configuration pointing at this server that authenticates with <paramref name="token"/>.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string token) =>
        new() { Host = BaseAddress.GetLeftPart(UriPartial.Authority), AccessToken = token };

    /// <summary>A KubernetesClient for this server.</summary>
    public Kubernetes CreateClient() => new(CreateClientConfiguration());

    /// <summary>
    /// Writes a kubeconfig (cluster, user, context "sandbox") pointing at this server; returns the path. The user carries
    /// the admin token (<see cref="TokenAuthenticator.AdminToken"/>).
    /// </summary>
    public string WriteKubeconfig(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {BaseAddress.GetLeftPart(UriPartial.Authority)}
            users:
            - name: sandbox
              user:
                token: {TokenAuthenticator.AdminToken}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: sandbox
                namespace: default
            current-context: sandbox

            """);
        return path;
    }

    private static async Task<(WebApplication App, Uri BaseAddress)> StartKestrelAsync(SandboxApiServerOptions options, ObjectStore store,
        ApiFaults faults, TokenAuthenticator authentication, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        Uri? baseAddress = null;
        var resources = new ResourceRequestHandler(store, options.EvictionPolicy ?? AllowAllEvictionPolicy.Instance, options.Time);
        var handler = new ApiRequestHandler(store, faults, authentication, options, resources,
            () => baseAddress?.Authority ?? "127.0.0.1", loggerFactory.CreateLogger("DrainSafe.Sandbox.Api"));
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return (app, baseAddress);
    }

    /// <summary>Ends open watches, stops listening and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        Store.CloseAllWatches(WatchCloseReason.Disposed);
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections that did not finish in time are cut.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
