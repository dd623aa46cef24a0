using System.Net;
using k8s;
using k8s.Autorest;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class SelectorAndPagingTests : IAsyncLifetime
{
    private DrainSafe.Sandbox.Api.SandboxApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestObjects.StartAsync();
        _client = _server.CreateClient();
        await _client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "other" } });
        await _client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("a", "node-1", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }), "default");
        await _client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("b", "node-1", new Dictionary<string, string> { ["app"] = "db" }), "default");
        await _client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("c", "node-2", new Dictionary<string, string> { ["app"] = "web" }), "default");
        await _client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("d", "node-2", ns: "other"), "other");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("app=web", "a,c")]
    [InlineData("app==web", "a,c")]
    [InlineData("app!=web", "b,d")]
    [InlineData("app in (web,db)", "a,b,c")]
    [InlineData("app notin (web)", "b,d")]
    [InlineData("tier", "a")]
    [InlineData("!tier", "b,c,d")]
    [InlineData("app=web,tier=front", "a")]
    public async Task Label_selectors_filter_lists(string selector, string expected)
    {
        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: selector);

        Assert.Equal(expected, string.Join(',', pods.Items.Select(p => p.Metadata.Name).Order()));
    }

    [Theory]
    [InlineData("spec.nodeName=node-1", "a,b")]
    [InlineData("spec.nodeName==node-2", "c,d")]
    [InlineData("spec.nodeName!=node-1", "c,d")]
    [InlineData("metadata.name=c", "c")]
    [InlineData("metadata.namespace=other", "d")]
    [InlineData("metadata.namespace!=other,spec.nodeName=node-2", "c")]
    public async Task Field_selectors_filter_lists(string selector, string expected)
    {
        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector);

        Assert.Equal(expected, string.Join(',', pods.Items.Select(p => p.Metadata.Name).Order()));
    }

    [Fact]
    public async Task Unsupported_field_selector_is_a_400_BadRequest()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNodeAsync(fieldSelector: "spec.nodeName=x"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("field label not supported: spec.nodeName", error.Response.Content);
    }

    [Fact]
    public async Task Namespaced_list_sees_only_its_namespace()
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync("other");

        Assert.Equal(["d"], pods.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task Limit_and_continue_page_through_every_object_once_in_key_order()
    {
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _client.CoreV1.ListPodForAllNamespacesAsync(limit: 1, continueParameter: token);
            names.AddRange(page.Items.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"));
            token = page.Metadata.ContinueProperty;
            pages++;
            if (token is not null)
            {
                Assert.Equal(4 - pages, page.Metadata.RemainingItemCount);
            }
        }
        while (token is not null);

        Assert.Equal(["default/a", "default/b", "default/c", "other/d"], names);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task List_resource_version_is_the_store_resource_version()
    {
        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync();

        Assert.Equal(_server.Store.CurrentResourceVersion.ToString(), pods.Metadata.ResourceVersion);
    }
}
