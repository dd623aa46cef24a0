using DrainSafe.Sandbox.Api;
using k8s;

namespace DrainSafe.Sandbox.Tests.Api;

/// <summary>A test class with its own sandbox API server per test, a KubernetesClient and a raw HTTP client on it.</summary>
public abstract class SandboxServerTest : IAsyncLifetime
{
    protected SandboxApiServer Server { get; private set; } = null!;

    protected Kubernetes Client { get; private set; } = null!;

    protected ApiHttp Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestObjects.StartAsync();
        Client = Server.CreateClient();
        Http = new ApiHttp(Server.BaseAddress);
        await ArrangeAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Objects every test of the class starts with.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;
}
