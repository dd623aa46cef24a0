using System.Net;
using DrainSafe.Sandbox.Api;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>A sandbox API server with the Widget CRD installed, and a client for the test's own writes.</summary>
internal sealed class WidgetCluster : IAsyncDisposable
{
    private WidgetCluster(SandboxApiServer server, Kubernetes client)
    {
        Server = server;
        Client = client;
    }

    public SandboxApiServer Server { get; }

    public Kubernetes Client { get; }

    public static async Task<WidgetCluster> StartAsync()
    {
        var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(500) });
        var client = new Kubernetes(server.CreateClientConfiguration());
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(WidgetCrd.Definition);
        return new WidgetCluster(server, client);
    }

    public Kubernetes NewClient() => new(Server.CreateClientConfiguration());

    public Task<Widget> CreateAsync(string name, string size = "small") =>
        Client.CustomObjects.CreateClusterCustomObjectAsync<Widget>(Widget.Named(name, size), Widget.Group, Widget.Version, Widget.Plural);

    public Task<Widget> GetAsync(string name) =>
        Client.CustomObjects.GetClusterCustomObjectAsync<Widget>(Widget.Group, Widget.Version, Widget.Plural, name);

    public async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await GetAsync(name);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<Widget> ResizeAsync(string name, string size)
    {
        var patch = new V1Patch($$$"""{"spec":{"size":"{{{size}}}"}}""", V1Patch.PatchType.MergePatch);
        return await Client.CustomObjects.PatchClusterCustomObjectAsync<Widget>(patch, Widget.Group, Widget.Version, Widget.Plural, name);
    }

    public async Task<Widget> SetStatusAsync(string name, Action<WidgetStatus> change)
    {
        var widget = await GetAsync(name);
        change(widget.Status);
        return await Client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<Widget>(widget, Widget.Group, Widget.Version, Widget.Plural, name);
    }

    public Task DeleteAsync(string name) =>
        Client.CustomObjects.DeleteClusterCustomObjectAsync(Widget.Group, Widget.Version, Widget.Plural, name);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
