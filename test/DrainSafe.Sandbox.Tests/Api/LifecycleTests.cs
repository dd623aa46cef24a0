using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Eviction;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Sandbox.Tests.Api;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Generation_grows_on_spec_changes_only_for_a_resource_with_status_subresource()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1"));

        await MergePatch(client, "node-1", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        await MergePatch(client, "node-1", "{\"status\":{\"state\":\"NodeDraining\"}}", status: true);
        var afterMetadataAndStatus = NodeMaintenance(server, "node-1");
        await MergePatch(client, "node-1", "{\"spec\":{\"events\":[{\"eventType\":\"Freeze\"}]}}");
        var afterSpec = NodeMaintenance(server, "node-1");

        Assert.Equal(1, (long)afterMetadataAndStatus["metadata"]!["generation"]!);
        Assert.Equal(2, (long)afterSpec["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Main_resource_writes_ignore_status_and_status_writes_ignore_everything_else()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        var created = TestObjects.NodeMaintenance("node-1");
        created["status"] = new JsonObject { ["state"] = "Ignored" };
        await TestObjects.CreateNodeMaintenanceAsync(client, created);
        Assert.Null(NodeMaintenance(server, "node-1")["status"]);

        await MergePatch(client, "node-1", "{\"spec\":{\"nodeName\":\"changed\"},\"status\":{\"state\":\"NodeDraining\"}}", status: true);
        await MergePatch(client, "node-1", "{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"status\":{\"state\":\"Other\"}}");
        var stored = NodeMaintenance(server, "node-1");

        Assert.Equal("NodeDraining", (string?)stored["status"]!["state"]);
        Assert.Equal("node-1", (string?)stored["spec"]!["nodeName"]);
        Assert.Equal("y", (string?)stored["metadata"]!["labels"]!["x"]);
    }

    [Fact]
    public async Task Delete_of_an_object_with_a_finalizer_sets_deletion_timestamp_until_the_finalizer_is_removed()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("node-1", "Reboot", "drainsafe.azure.com/cleanup"));

        await client.CustomObjects.DeleteClusterCustomObjectAsync(TestObjects.Group, TestObjects.Version, TestObjects.Plural, "node-1");
        var deleting = NodeMaintenance(server, "node-1");
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, (long)deleting["metadata"]!["deletionGracePeriodSeconds"]!);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => JsonPatch(client, "node-1",
            "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"another\"}]"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("no new finalizers can be added if the object is being deleted", error.Response.Content);

        await JsonPatch(client, "node-1", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        Assert.Null(server.Store.Get(Resource(server), null, "node-1"));
    }

    [Fact]
    public async Task Deleting_a_node_deletes_its_owned_node_maintenance_in_the_background()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await TestObjects.CreateCrdAsync(client);
        var node = await client.CoreV1.CreateNodeAsync(TestObjects.Node("node-1"));
        var owned = TestObjects.NodeMaintenance("node-1");
        owned["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = "node-1", ["uid"] = node.Metadata.Uid,
        });
        await TestObjects.CreateNodeMaintenanceAsync(client, owned);
        await TestObjects.CreateNodeMaintenanceAsync(client, TestObjects.NodeMaintenance("unowned"));

        await client.CoreV1.DeleteNodeAsync("node-1");

        await WaitUntilAsync(() => server.Store.Get(Resource(server), null, "node-1") is null);
        Assert.NotNull(server.Store.Get(Resource(server), null, "unowned"));
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents()
    {
        await using var server = await TestObjects.StartAsync();
        var owner = server.Store.Create(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = "default" } });
        var pod = TestObjects.Pod("web-1");
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = owner.Metadata.Uid }];
        server.Store.Create(pod);

        var collected = server.Store.Create(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "rs-collected", NamespaceProperty = "default" } });
        var dependent = TestObjects.Pod("web-collected");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs-collected", Uid = collected.Metadata.Uid }];
        server.Store.Create(dependent);

        server.Store.Delete<V1ReplicaSet>("default", "rs", new DeleteOptions { PropagationPolicy = "Orphan" });
        server.Store.Delete<V1ReplicaSet>("default", "rs-collected", new DeleteOptions { PropagationPolicy = "Background" });

        // The one garbage collector works in order: once the later owner's dependent is gone, it has been past the orphan.
        await Eventually.HoldsAsync(() => server.Store.Get<V1Pod>("default", "web-collected") is null, "the background cascade removed the other owner's pod");
        Assert.NotNull(server.Store.Get<V1Pod>("default", "web-1"));
    }

    [Fact]
    public async Task Deleting_a_namespace_terminates_it_and_removes_its_contents()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", ns: "team"), "team");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "team");

        await client.CoreV1.DeleteNamespaceAsync("team");

        await WaitUntilAsync(() => server.Store.Get<V1Namespace>(null, "team") is null);
        Assert.Empty(server.Store.List<V1Pod>("team"));
        Assert.Empty(server.Store.List<V1ConfigMap>("team"));
    }

    [Fact]
    public async Task The_default_namespace_may_not_be_deleted()
    {
        await using var server = await TestObjects.StartAsync();

        var error = Assert.Throws<ApiException>(() => server.Store.Delete<V1Namespace>(null, "default"));

        Assert.Equal(403, error.Code);
    }

    [Fact]
    public async Task Graceful_pod_deletion_sets_a_grace_period_and_tells_the_world()
    {
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { GracefulPodDeletion = true });
        using var client = server.CreateClient();
        var requests = new List<PodDeletionRequest>();
        server.Store.PodDeletionRequested += requests.Add;
        var bound = TestObjects.Pod("web-1", "node-1");
        bound.Spec.TerminationGracePeriodSeconds = 20;
        await client.CoreV1.CreateNamespacedPodAsync(bound, "default");
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("unbound"), "default");

        var terminating = await client.CoreV1.DeleteNamespacedPodAsync("web-1", "default");
        await client.CoreV1.DeleteNamespacedPodAsync("unbound", "default");

        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(20, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(new PodDeletionRequest("default", "web-1", terminating.Metadata.Uid, "node-1", 20), Assert.Single(requests));
        Assert.Null(server.Store.Get<V1Pod>("default", "unbound"));

        await client.CoreV1.DeleteNamespacedPodAsync("web-1", "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
        Assert.Null(server.Store.Get<V1Pod>("default", "web-1"));
    }

    [Fact]
    public async Task Eviction_deletes_the_pod_and_answers_201_Success_Status()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", "node-1"), "default");

        var (status, body) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/web-1/eviction",
            "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\"},\"deleteOptions\":{}}");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}", body!.ToJsonString());
        Assert.Null(server.Store.Get<V1Pod>("default", "web-1"));
    }

    [Theory]
    [InlineData("{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"web-2\",\"namespace\":\"default\"}}", "name in URL does not match name in Eviction object")]
    [InlineData("{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"namespace\":\"default\"}}", "name in URL does not match name in Eviction object")]
    [InlineData("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\"}}", "not a Eviction object")]
    [InlineData("{\"kind\":\"Eviction\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\"}}", "cannot be handled")]
    public async Task Eviction_whose_body_does_not_match_the_url_answers_400_BadRequest_and_the_pod_stays(string evictionBody, string message)
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();
        using var http = new ApiHttp(server.BaseAddress);
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", "node-1"), "default");

        var (status, body) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/web-1/eviction", evictionBody);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", (string?)body!["reason"]);
        Assert.Contains(message, (string?)body["message"], StringComparison.Ordinal);
        Assert.NotNull(server.Store.Get<V1Pod>("default", "web-1"));
    }

    [Fact]
    public async Task Eviction_policy_can_refuse_with_429_and_the_pod_stays()
    {
        var policy = new RefusingPolicy();
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { EvictionPolicy = policy });
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("web-1", "node-1"), "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default" } }, "web-1", "default"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Response.StatusCode);
        var body = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", (string?)body["message"]);
        Assert.Equal("DisruptionBudget", (string?)body["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("web-1", policy.Seen);
        Assert.NotNull(server.Store.Get<V1Pod>("default", "web-1"));
    }

    [Fact]
    public async Task Eviction_does_not_delete_a_same_named_pod_that_replaced_the_checked_one()
    {
        var policy = new ReplacingPolicy();
        await using var server = await TestObjects.StartAsync(new SandboxApiServerOptions { EvictionPolicy = policy });
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedPodAsync(TestObjects.Pod("db-0", "node-1"), "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "db-0", NamespaceProperty = "default" } }, "db-0", "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var survivor = server.Store.Get<V1Pod>("default", "db-0");
        Assert.NotNull(survivor);
        Assert.Equal(policy.ReplacementUid, survivor!.Metadata.Uid);
    }

    [Fact]
    public async Task Eviction_of_a_missing_pod_is_404()
    {
        await using var server = await TestObjects.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "nope", NamespaceProperty = "default" } }, "nope", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    private static ResourceType Resource(SandboxApiServer server) =>
        server.Store.Resources.Find(TestObjects.Group, TestObjects.Version, TestObjects.Plural)!;

    private static JsonObject NodeMaintenance(SandboxApiServer server, string name) =>
        server.Store.Get(Resource(server), null, name)!.ToJsonObject();

    private static Task<object> MergePatch(Kubernetes client, string name, string patch, bool status = false) => status
        ? client.CustomObjects.PatchClusterCustomObjectStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, name)
        : client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, name);

    private static Task<object> JsonPatch(Kubernetes client, string name, string patch) =>
        client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch),
            TestObjects.Group, TestObjects.Version, TestObjects.Plural, name);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private sealed class RefusingPolicy : IEvictionPolicy
    {
        public string? Seen { get; private set; }

        public ValueTask<EvictionDecision> EvaluateAsync(EvictionRequest request, CancellationToken cancellationToken)
        {
            Seen = request.Pod.Name;
            return ValueTask.FromResult(EvictionDecision.DisruptionBudget("The disruption budget web-pdb needs 1 healthy pods and has 1 currently"));
        }
    }

    // A StatefulSet recreates db-0 between the policy's check and the delete: the eviction must not kill the new pod.
    private sealed class ReplacingPolicy : IEvictionPolicy
    {
        public string? ReplacementUid { get; private set; }

        public ValueTask<EvictionDecision> EvaluateAsync(EvictionRequest request, CancellationToken cancellationToken)
        {
            var pods = BuiltInResources.Pods;
            request.Store.Delete(pods, request.Pod.Namespace, request.Pod.Name, new DeleteOptions { GracePeriodSeconds = 0 });
            ReplacementUid = request.Store.Create(pods, JsonNode.Parse(KubernetesJson.Serialize(TestObjects.Pod("db-0", "node-1")))!.AsObject()).Uid;
            return ValueTask.FromResult(EvictionDecision.Allow);
        }
    }
}
