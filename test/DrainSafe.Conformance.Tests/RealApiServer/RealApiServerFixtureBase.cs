using Xunit.Abstractions;
using Xunit.Sdk;

namespace DrainSafe.Conformance.Tests.RealApiServer;

/// <summary>
/// Starts one real kube-apiserver (with its etcd) for a test collection and stops it afterwards.
/// Missing binaries skip the tests locally and fail them in CI; a server that fails to start fails them everywhere.
/// </summary>
public abstract class RealApiServerFixtureBase(IMessageSink diagnostics) : IAsyncLifetime
{
    private RealKubeApiServer? _server;
    private string? _missingBinaries;
    private string? _startFailure;

    /// <summary>The running server; call <see cref="RequireAvailable"/> first.</summary>
    public RealKubeApiServer Server => _server ?? throw new InvalidOperationException("The real kube-apiserver is not running.");

    /// <summary>How this fixture starts its server.</summary>
    protected abstract RealKubeApiServerOptions Options { get; }

    /// <summary>Skips (locally) or fails (in CI) when the binaries are missing; fails when the server did not start.</summary>
    public void RequireAvailable()
    {
        CiRequirement.Require("the real kube-apiserver tier", _missingBinaries);
        if (_startFailure is not null)
        {
            throw new XunitException(_startFailure);
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var binaries = RealApiServerBinaries.Locate(out var problem);
        if (binaries is null)
        {
            _missingBinaries = problem;
            diagnostics.OnMessage(new DiagnosticMessage($"[real-apiserver] {problem}"));
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            _server = await RealKubeApiServer.StartAsync(binaries, Options, timeout.Token);
            diagnostics.OnMessage(new DiagnosticMessage(
                $"[real-apiserver] {GetType().Name}: kube-apiserver {RealApiServerBinaries.KubernetesVersion} ({Options.Authorization}) " +
                $"ready at {_server.BaseAddress} in {_server.StartupDuration.TotalSeconds:0.0} s"));
            await OnStartedAsync(_server, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _startFailure = _server is null
                ? $"The real kube-apiserver did not start: {exception.Message}"
                : $"Preparing the real kube-apiserver failed: {exception.Message} (server log: {_server.ApiServerLogPath})";
            diagnostics.OnMessage(new DiagnosticMessage($"[real-apiserver] {_startFailure}"));
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        DisposeClients();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Releases the clients the fixture handed out, before the server stops.</summary>
    protected virtual void DisposeClients()
    {
    }

    /// <summary>Prepares the freshly started server (for example applies RBAC) before any test runs.</summary>
    protected virtual Task OnStartedAsync(RealKubeApiServer server, CancellationToken cancellationToken) => Task.CompletedTask;
}
