using DrainSafe.Sandbox.Api;
using k8s;

namespace DrainSafe.Sandbox.Tests.Kubectl;

/// <summary>
/// A fresh sandbox API server per test with a private temp directory, a kubeconfig, a KubernetesClient and a
/// kubectl runner. Use it from a test class's constructor/IAsyncLifetime, or <c>await using</c> it in a test.
/// </summary>
public sealed class SandboxFixture : IAsyncDisposable
{
    private SandboxFixture(SandboxApiServer server, string directory)
    {
        Server = server;
        Directory = directory;
        Kubeconfig = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        Client = server.CreateClient();
        Kubectl = new KubectlRunner(Kubeconfig, directory);
    }

    /// <summary>The running server.</summary>
    public SandboxApiServer Server { get; }

    /// <summary>The private temp directory (HOME of kubectl).</summary>
    public string Directory { get; }

    /// <summary>Path of the kubeconfig pointing at the server.</summary>
    public string Kubeconfig { get; }

    /// <summary>A KubernetesClient for the server.</summary>
    public Kubernetes Client { get; }

    /// <summary>kubectl against the server.</summary>
    public KubectlRunner Kubectl { get; }

    /// <summary>Starts a server and prepares the directory.</summary>
    public static async Task<SandboxFixture> StartAsync(SandboxApiServerOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "drainsafe-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = await SandboxApiServer.StartAsync(options);
        return new SandboxFixture(server, directory);
    }

    /// <summary>Writes a file into the private directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Stops the server and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still exiting may hold a file; the temp directory is cleaned up by the system later.
        }
    }
}
