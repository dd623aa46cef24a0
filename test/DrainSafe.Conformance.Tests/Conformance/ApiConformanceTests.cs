using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;

namespace DrainSafe.Conformance.Tests.Conformance;

/// <summary>
/// The API facts DrainSafe and kubectl depend on, run unchanged against every backend: the sandbox API server and a
/// real kube-apiserver v1.20.2. A fact that fails on one backend only is a difference to fix in that backend
/// (the sandbox), never a reason to weaken the fact. The facts live in the partial files beside this one, by concern.
/// </summary>
public abstract partial class ApiConformanceTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    /// <summary>Creates the facts for one backend.</summary>
    protected ApiConformanceTests(IApiBackend backend) => Backend = backend;

    /// <summary>The server under test.</summary>
    protected IApiBackend Backend { get; }

    /// <summary>Raw HTTP with full rights.</summary>
    protected HttpClient Http => Backend.Http;

    /// <summary>Cancelled when the test overruns its generous bound.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>How long a test waits for one expected watch event.</summary>
    protected static TimeSpan EventTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Skips or fails when the backend is unavailable, then makes sure the NodeMaintenance CRD is installed.</summary>
    protected async Task ArrangeNodeMaintenanceCrdAsync()
    {
        Backend.RequireAvailable();
        await Backend.NodeMaintenanceCrdAsync(Ct);
    }

    /// <summary>Creates a NodeMaintenance and returns the server's copy.</summary>
    protected async Task<JsonObject> CreateNodeMaintenanceAsync(JsonObject nodeMaintenance)
    {
        var created = await Http.PostApiAsync(NodeMaintenanceCrd.CollectionPath, nodeMaintenance, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Creating a NodeMaintenance: {created}");
        return created.Body;
    }

    /// <summary>Creates a Node and returns the server's copy.</summary>
    protected async Task<JsonObject> CreateNodeAsync(JsonObject node)
    {
        var created = await Http.PostApiAsync("/api/v1/nodes", node, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Creating a Node: {created}");
        return created.Body;
    }

    /// <summary>Reads an object that must exist.</summary>
    protected async Task<JsonObject> GetAsync(string path)
    {
        var read = await Http.GetApiAsync(path, Ct);
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path}: {read}");
        return read.Body;
    }
}
