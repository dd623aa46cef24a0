using System.Text.Json.Nodes;
using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;
using k8s;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Client;

public sealed class EntityClientTests
{
    private static (EntityClient<Widget> Client, RecordingHandler Handler) ClientAnswering(string body)
    {
        var handler = new RecordingHandler(body);
        var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, handler);
        return (new EntityClient<Widget>(kubernetes), handler);
    }

    private static Widget Stored(string resourceVersion, string? ns = null, params string[] finalizers)
    {
        var widget = Widget.Named("w1");
        widget.Metadata.ResourceVersion = resourceVersion;
        widget.Metadata.NamespaceProperty = ns;
        widget.Metadata.Finalizers = finalizers.Length == 0 ? null : finalizers.ToList();
        return widget;
    }

    [Fact]
    public async Task Attaching_finalizers_is_a_JSON_patch_conditional_on_the_resource_version_not_a_PUT()
    {
        var (client, handler) = ClientAnswering(KubernetesJson.Serialize(Stored("8")));

        await client.AddFinalizersAsync(Stored("7", null, "other/keep"), ["test.drainsafe.azure.com/a"], CancellationToken.None);

        var sent = Assert.Single(handler.Sent);
        Assert.Equal(HttpMethod.Patch, sent.Method);
        Assert.Equal("http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/widgets/w1", sent.Uri);
        Assert.Equal("application/json-patch+json", sent.ContentType);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"7"},{"op":"add","path":"/metadata/finalizers","value":["other/keep","test.drainsafe.azure.com/a"]}]"""),
            JsonNode.Parse(sent.Body)), sent.Body);
    }

    [Fact]
    public async Task Removing_the_last_finalizer_removes_the_list_conditionally()
    {
        var (client, handler) = ClientAnswering(KubernetesJson.Serialize(Stored("8")));

        await client.RemoveFinalizerAsync(Stored("7", null, "test.drainsafe.azure.com/a"), "test.drainsafe.azure.com/a", CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"7"},{"op":"remove","path":"/metadata/finalizers"}]"""),
            JsonNode.Parse(Assert.Single(handler.Sent).Body)));
    }

    [Fact]
    public async Task Removing_one_of_several_finalizers_keeps_the_others_in_order()
    {
        var (client, handler) = ClientAnswering(KubernetesJson.Serialize(Stored("8")));

        await client.RemoveFinalizerAsync(Stored("7", null, "x/one", "x/two", "x/three"), "x/two", CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(handler.Sent).Body)!.AsArray();
        Assert.Equal("""["x/one","x/three"]""", body[1]!["value"]!.ToJsonString());
    }

    [Fact]
    public async Task A_status_write_is_a_PUT_to_the_status_subresource_carrying_the_read_resource_version()
    {
        var (client, handler) = ClientAnswering(KubernetesJson.Serialize(Stored("8")));
        var widget = Stored("7");
        widget.Status.Phase = "Ready";

        await client.ReplaceStatusAsync(widget, CancellationToken.None);

        var sent = Assert.Single(handler.Sent);
        Assert.Equal(HttpMethod.Put, sent.Method);
        Assert.Equal("http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/widgets/w1/status", sent.Uri);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("7", body["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("Ready", body["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_namespaced_object_is_written_at_its_namespaced_path()
    {
        var handler = new RecordingHandler(KubernetesJson.Serialize(Stored("8", "team-a")));
        var client = new EntityClient<Gadget>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, handler));
        var gadget = new Gadget { Metadata = new V1ObjectMeta { Name = "g1", NamespaceProperty = "team-a", ResourceVersion = "7" } };

        await client.AddFinalizersAsync(gadget, ["x/a"], CancellationToken.None);

        Assert.Equal("http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/namespaces/team-a/gadgets/g1", Assert.Single(handler.Sent).Uri);
    }

    [Fact]
    public async Task A_cluster_scoped_object_is_written_at_cluster_scope_even_when_it_carries_a_namespace()
    {
        var (client, handler) = ClientAnswering(KubernetesJson.Serialize(Stored("8")));

        await client.ReplaceStatusAsync(Stored("7", "team-a"), CancellationToken.None);

        Assert.Equal("http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/widgets/w1/status", Assert.Single(handler.Sent).Uri);
    }

    [Fact]
    public async Task Writing_a_namespaced_object_without_a_namespace_is_refused_with_a_message_naming_the_fix()
    {
        var handler = new RecordingHandler("{}");
        var client = new EntityClient<Gadget>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, handler));
        var gadget = new Gadget { Metadata = new V1ObjectMeta { Name = "g1", ResourceVersion = "7" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.ReplaceStatusAsync(gadget, CancellationToken.None));

        Assert.Contains("metadata.namespace", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task A_list_returns_the_typed_items_and_the_list_resource_version()
    {
        var (client, handler) = ClientAnswering(
            """{"kind":"WidgetList","apiVersion":"test.drainsafe.azure.com/v1","metadata":{"resourceVersion":"55"},"items":[{"metadata":{"name":"a","resourceVersion":"3"},"spec":{"size":"large"}}]}""");

        var (items, version) = await client.ListAsync(CancellationToken.None);

        Assert.Equal("55", version);
        Assert.Equal("large", Assert.Single(items).Spec.Size);
        Assert.Equal($"http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/widgets?limit={EntityClient<Widget>.DefaultPageSize}", Assert.Single(handler.Sent).Uri);
    }

    [Fact]
    public async Task A_watch_asks_for_bookmarks_a_server_timeout_and_the_resource_version()
    {
        var (client, handler) = ClientAnswering(string.Empty);

        using var response = await client.WatchAsync("55", 300, CancellationToken.None);

        Assert.Equal(
            "http://127.0.0.1:1/apis/test.drainsafe.azure.com/v1/widgets?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=55",
            Assert.Single(handler.Sent).Uri);
    }

    [Fact]
    public async Task A_refused_watch_reports_the_status_code_and_message()
    {
        var handler = new RecordingHandler(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version","reason":"Expired","code":410}""",
            System.Net.HttpStatusCode.Gone);
        var client = new EntityClient<Widget>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, handler));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.WatchAsync("1", 300, CancellationToken.None));

        Assert.True(error.IsExpired);
        Assert.Contains("too old resource version", error.Message, StringComparison.Ordinal);
    }
}
