using System.Collections.Concurrent;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.RealApiServer;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DrainSafe.Conformance.Tests.Rbac;

/// <summary>
/// A real kube-apiserver with <c>--authorization-mode=RBAC</c>, the NodeMaintenance CRD, the drainsafe-system
/// namespace and the generated RBAC applied; clients per identity.
/// </summary>
public sealed class RealRbacApiServerFixture(IMessageSink diagnostics) : RealApiServerFixtureBase(diagnostics)
{
    private readonly IMessageSink _diagnostics = diagnostics;
    private readonly ConcurrentDictionary<ApiIdentity, IKubernetes> _clients = new();
    private readonly ConcurrentDictionary<ApiIdentity, HttpClient> _http = new();
    private string? _crdProblem;

    /// <inheritdoc />
    protected override RealKubeApiServerOptions Options { get; } = new() { Authorization = AuthorizationMode.Rbac };

    /// <summary>Fails the current test when the generated NodeMaintenance CRD could not be installed.</summary>
    public void RequireNodeMaintenanceCrd()
    {
        RequireAvailable();
        if (_crdProblem is not null)
        {
            throw new XunitException(_crdProblem);
        }
    }

    /// <summary>A KubernetesClient authenticated as <paramref name="identity"/>.</summary>
    public IKubernetes Client(ApiIdentity identity) => _clients.GetOrAdd(identity, Server.CreateClient);

    /// <summary>A raw HTTP client authenticated as <paramref name="identity"/>.</summary>
    public HttpClient Http(ApiIdentity identity) => _http.GetOrAdd(identity, Server.CreateHttpClient);

    /// <inheritdoc />
    protected override void DisposeClients()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (var http in _http.Values)
        {
            http.Dispose();
        }
    }

    /// <inheritdoc />
    protected override async Task OnStartedAsync(RealKubeApiServer server, CancellationToken cancellationToken)
    {
        using var admin = server.CreateClient(ApiIdentity.Admin);
        await admin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = ApiIdentity.DrainSafeNamespace } }, cancellationToken: cancellationToken);
        try
        {
            await NodeMaintenanceCrd.InstallAsync(admin, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            // Only the NodeMaintenance facts need the CRD; the others still say whether RBAC is right.
            _crdProblem = exception.Message;
        }

        var applied = await GeneratedRbac.ApplyAsync(admin, ApiIdentity.DrainSafeNamespace, cancellationToken);
        _diagnostics.OnMessage(new DiagnosticMessage($"[real-apiserver] RBAC applied: {string.Join(", ", applied)}"));
    }
}
