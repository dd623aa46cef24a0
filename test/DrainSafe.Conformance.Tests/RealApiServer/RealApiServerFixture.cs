using DrainSafe.Conformance.Tests.Backends;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>A real kube-apiserver v1.20.2 with AlwaysAllow authorization, as a conformance backend.</summary>
public sealed class RealApiServerFixture(IMessageSink diagnostics) : RealApiServerFixtureBase(diagnostics), IApiBackend
{
    private readonly SemaphoreSlim _crdLock = new(1, 1);
    private IKubernetes? _client;
    private HttpClient? _http;
    private V1CustomResourceDefinition? _crd;

    /// <inheritdoc />
    public string Name => $"kube-apiserver {RealApiServerBinaries.KubernetesVersion}";

    /// <inheritdoc />
    public IKubernetes Client => _client ??= Server.CreateClient(ApiIdentity.Admin);

    /// <inheritdoc />
    public HttpClient Http => _http ??= Server.CreateHttpClient(ApiIdentity.Admin);

    /// <inheritdoc />
    public string KubeconfigPath => Server.KubeconfigPath;

    /// <inheritdoc />
    public bool EnforcesCelValidationRules => false;

    /// <inheritdoc />
    protected override RealKubeApiServerOptions Options { get; } = new()
    {
        // The watch cache would serve old ConfigMap watches from memory; without it, etcd compaction shows as 410.
        UncachedResources = ["configmaps"],
    };

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
    protected override void DisposeClients()
    {
        _http?.Dispose();
        _client?.Dispose();
        _crdLock.Dispose();
    }

    /// <inheritdoc />
    public Task ExpireHistoryBeforeAsync(string resourceVersion, CancellationToken cancellationToken) =>
        Server.CompactAsync(long.Parse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
}
