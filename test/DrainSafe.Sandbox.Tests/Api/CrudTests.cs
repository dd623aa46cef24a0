using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class CrudTests
{
    [Fact]
    public async Task Created_object_gets_uid_creation_timestamp_generation_and_resource_version()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        var node = await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        Assert.False(string.IsNullOrEmpty(node.Metadata.Uid));
        Assert.NotNull(node.Metadata.CreationTimestamp);
        Assert.Equal(1, node.Metadata.Generation);
        Assert.Equal(server.Store.CurrentResourceVersion.ToString(), node.Metadata.ResourceVersion);
        var read = await client.CoreV1.ReadNodeAsync("node-1");
        Assert.Equal(node.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("True", read.Status.Conditions[0].Status);
    }

    [Fact]
    public async Task Get_of_a_missing_pod_answers_404_NotFound_Status_without_group_prefix()
    {
        await using var server = await TestObjects.StartAsync();
        using var http = new ApiHttp(server.BaseAddress);

        var (status, body, contentType) = await http.GetAsync("/api/v1/namespaces/default/pods/nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("v1", (string?)body["apiVersion"]);
        Assert.Equal("Failure", (string?)body["status"]);
        Assert.Equal("pods \"nope\" not found", (string?)body["message"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
        Assert.Equal("nope", (string?)body["details"]!["name"]);
        Assert.Equal("pods", (string?)body["details"]!["kind"]);
        Assert.Equal(404, (int?)body["code"]);
        Assert.Empty(body["metadata"]!.AsObject());
    }

    [Fact]
    public async Task Creating_an_existing_name_answers_409_AlreadyExists()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1")));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var body = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("AlreadyExists", (string?)body["reason"]);
        Assert.Equal("nodes \"node-1\" already exists", (string?)body["message"]);
    }

    [Fact]
    public async Task Stale_resource_version_update_gets_409_Conflict()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var created = await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var first = await client.CoreV1.ReadNodeAsync("node-1");
        first.Metadata.Labels = new Dictionary<string, string> { ["a"] = "1" };
        await client.CoreV1.ReplaceNodeAsync(first, "node-1");

        created.Metadata.Labels = new Dictionary<string, string> { ["a"] = "2" };
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNodeAsync(created, "node-1"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var body = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Conflict", (string?)body["reason"]);
        Assert.Equal(
            "Operation cannot be fulfilled on nodes \"node-1\": the object has been modified; please apply your changes to the latest version and try again",
            (string?)body["message"]);
        Assert.Equal("1", (await client.CoreV1.ReadNodeAsync("node-1")).Metadata.Labels["a"]);
    }

    [Fact]
    public async Task Update_without_resource_version_is_unconditional()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var node = TestObjects.Node("node-1", new Dictionary<string, string> { ["pool"] = "b" });

        var updated = await client.CoreV1.ReplaceNodeAsync(node, "node-1");

        Assert.Equal("b", updated.Metadata.Labels["pool"]);
    }

    [Fact]
    public async Task Update_that_changes_nothing_keeps_the_resource_version()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var created = await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var updated = await client.CoreV1.ReplaceNodeAsync(created, "node-1");

        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_answers_404_for_the_namespace()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("p", ns: "missing"), "missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces \"missing\" not found", (string?)JsonNode.Parse(error.Response.Content)!["message"]);
    }

    [Fact]
    public async Task Generate_name_gets_a_random_suffix()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var pod = TestObjects.Pod(null!);
        pod.Metadata.GenerateName = "web-";

        var first = await client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        var second = await client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        Assert.StartsWith("web-", first.Metadata.Name);
        Assert.Equal(9, first.Metadata.Name.Length);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Created_pod_starts_Pending_and_delete_removes_it_at_once_by_default()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        var pod = await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", "node-1"), "default");
        Assert.Equal("Pending", pod.Status.Phase);

        var deleted = await client.CoreV1.DeleteNamespacedPodAsync("web-1", "default");

        Assert.Equal("web-1", deleted.Metadata.Name);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("web-1", "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Delete_of_a_node_answers_a_success_Status_that_the_client_reads()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var node = await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var status = await client.CoreV1.DeleteNodeAsync("node-1");

        Assert.Equal("Success", status.Status);
        Assert.Equal(node.Metadata.Uid, status.Details.Uid);
        Assert.Empty((await client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Delete_with_a_stale_uid_precondition_gets_409_Conflict()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.DeleteNodeAsync("node-1",
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } }));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Single((await client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Leases_support_conditional_updates_for_leader_election()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "drainsafe", NamespaceProperty = "kube-system" },
            Spec = new V1LeaseSpec { HolderIdentity = "a" },
        }, "kube-system");

        lease.Spec.HolderIdentity = "b";
        var renewed = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "drainsafe", "kube-system");
        lease.Spec.HolderIdentity = "c";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "drainsafe", "kube-system"));

        Assert.Equal("b", renewed.Spec.HolderIdentity);
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task In_process_typed_access_sees_what_http_clients_wrote()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));

        var node = server.Store.Get<V1Node>(null, "node-1");
        server.Store.Create(TestObjects.Pod("web-1", "node-1"));

        Assert.Equal("node-1", node!.Metadata.Name);
        Assert.Single((await client.CoreV1.ListNamespacedPodAsync("default")).Items);
        Assert.Single(server.Store.List<V1Pod>(fieldSelector: "spec.nodeName=node-1"));
    }
}
