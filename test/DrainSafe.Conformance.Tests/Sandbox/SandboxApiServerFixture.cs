using System.Globalization;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Sandbox.Api;
using k8s;
using k8s.Models;

namespace DrainSafe.Conformance.Tests.Sandbox;

/// <summary>The sandbox API server as a conformance backend.</summary>
public sealed class SandboxApiServerFixture : IAsyncLifetime, IApiBackend
{
    private readonly SemaphoreSlim _crdLock = new(1, 1);
    private SandboxApiServer? _server;
    private IKubernetes? _client;
    private HttpClient? _http;
    private V1CustomResourceDefinition? _crd;
    private string? _directory;

    /// <inheritdoc />
    public string Name => "sandbox";

    /// <inheritdoc />
    public IKubernetes Client => _client ?? throw new InvalidOperationException("The sandbox is not running.");

    /// <inheritdoc />
    public HttpClient Http => _http ?? throw new InvalidOperationException("The sandbox is not running.");

    /// <inheritdoc />
    public string KubeconfigPath => Path.Combine(_directory ?? throw new InvalidOperationException("The sandbox is not running."), "kubeconfig");

    /// <inheritdoc />
    public bool EnforcesCelValidationRules => true;

    /// <summary>The running sandbox server, for sandbox-only facts.</summary>
    public SandboxApiServer Server => _server ?? throw new InvalidOperationException("The sandbox is not running.");

    /// <inheritdoc />
    public void RequireAvailable()
    {
        // The sandbox is in-process: it is always available.
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // kube-apiserver sends a bookmark 2 s before a watch's timeout; a short interval gives the sandbox's a chance too.
        _server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { BookmarkInterval = TimeSpan.FromSeconds(1) });
        _client = _server.CreateClient();
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _directory = Directory.CreateTempSubdirectory("drainsafe-sandbox-conformance-").FullName;
        _server.WriteKubeconfig(KubeconfigPath);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _http?.Dispose();
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }

        _crdLock.Dispose();
    }

    /// <inheritdoc />
    public async Task<V1CustomResourceDefinition> NodeMaintenanceCrdAsync(CancellationToken cancellationToken)
    {
        await _crdLock.WaitAsync(cancellationToken);
        try
        {
            return _crd ??= await NodeMaintenanceCrd.InstallAsync(Client, cancellationToken);
        }
        finally
        {
            _crdLock.Release();
        }
    }

    /// <inheritdoc />
    public Task ExpireHistoryBeforeAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        Server.Faults.ExpireWatchesBefore(long.Parse(resourceVersion, CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }
}
