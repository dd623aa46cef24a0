using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.Conformance;
using DrainSafe.Conformance.Tests.RealApiServer;
using k8s;
using k8s.Models;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Rbac;

/// <summary>
/// Least privilege, checked by a real kube-apiserver with RBAC and the generated ClusterRoles and bindings:
/// each component can do its job and nothing it has no business doing.
/// (kube-apiserver v1.20 has no ValidatingAdmissionPolicy, so "only its own node's NodeMaintenance" is not checked here.)
/// </summary>
[Trait("Category", "RealApiServer")]
[Collection(RealRbacApiServerCollection.Name)]
public sealed class RealApiServerRbacTests(RealRbacApiServerFixture server) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    private HttpClient Admin => server.Http(ApiIdentity.Admin);

    private HttpClient Agent => server.Http(ApiIdentity.Agent);

    private HttpClient Operator => server.Http(ApiIdentity.Operator);

    public void Dispose() => _timeout.Dispose();

    [SkippableFact]
    public async Task Agent_may_create_read_and_patch_the_NodeMaintenance_of_its_node()
    {
        server.RequireNodeMaintenanceCrd();
        var node = UniqueName("agent-node");

        var created = await Agent.PostApiAsync(NodeMaintenanceCrd.CollectionPath, NodeMaintenance(node), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());

        var read = await Agent.GetApiAsync(NodeMaintenancePath(node), Ct);
        Assert.True(read.StatusCode == HttpStatusCode.OK, read.ToString());
        var patch = new JsonObject { ["spec"] = new JsonObject { ["documentIncarnation"] = 8 } };
        var patched = await Agent.PatchApiAsync(NodeMaintenancePath(node), patch, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    [SkippableFact]
    public async Task Agent_may_watch_NodeMaintenances()
    {
        server.RequireNodeMaintenanceCrd();

        await using var watch = await RawWatch.OpenAsync(Agent, $"{NodeMaintenanceCrd.CollectionPath}?watch=true&timeoutSeconds=1", Ct);

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
    }

    [SkippableFact]
    public async Task Agent_may_record_approved_event_ids_in_status()
    {
        server.RequireNodeMaintenanceCrd();
        var node = UniqueName("agent-approve");
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostApiAsync(NodeMaintenanceCrd.CollectionPath, NodeMaintenance(node), Ct)).StatusCode);
        var patch = new JsonObject { ["status"] = new JsonObject { ["approvedEventIds"] = new JsonArray { "602D9444-D2CD-49C7-8624-8643E7171297" } } };

        var patched = await Agent.PatchApiAsync(NodeMaintenancePath(node) + "/status", patch, RawApi.MergePatch, Ct);

        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    [SkippableFact]
    public async Task Agent_may_read_nodes_but_not_patch_them()
    {
        server.RequireAvailable();
        var node = await CreateNodeAsync();

        Assert.Equal(HttpStatusCode.OK, (await Agent.GetApiAsync($"/api/v1/nodes/{node}", Ct)).StatusCode);
        var cordon = await Agent.PatchApiAsync($"/api/v1/nodes/{node}", Cordon(true), RawApi.StrategicMergePatch, Ct);

        AssertForbidden(cordon, ApiIdentity.Agent, "patch", "nodes");
    }

    [SkippableFact]
    public async Task Agent_may_not_evict_pods()
    {
        server.RequireAvailable();
        var pod = await CreatePodAsync();

        var eviction = await Agent.PostApiAsync($"/api/v1/namespaces/default/pods/{pod}/eviction", Eviction(pod), Ct);

        AssertForbidden(eviction, ApiIdentity.Agent, "create", "pods/eviction");
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetApiAsync($"/api/v1/namespaces/default/pods/{pod}", Ct)).StatusCode);
    }

    [SkippableFact]
    public async Task Agent_may_not_read_secrets()
    {
        server.RequireAvailable();
        var secret = await CreateSecretAsync();

        AssertForbidden(await Agent.GetApiAsync($"/api/v1/namespaces/default/secrets/{secret}", Ct), ApiIdentity.Agent, "get", "secrets");
        AssertForbidden(await Agent.GetApiAsync("/api/v1/secrets", Ct), ApiIdentity.Agent, "list", "secrets");
    }

    [SkippableFact]
    public async Task Operator_may_cordon_and_uncordon_a_node()
    {
        server.RequireAvailable();
        var node = await CreateNodeAsync();

        var cordoned = await Operator.PatchApiAsync($"/api/v1/nodes/{node}", Cordon(true), RawApi.StrategicMergePatch, Ct);
        Assert.True(cordoned.StatusCode == HttpStatusCode.OK, cordoned.ToString());
        Assert.True(cordoned.Body["spec"]!["unschedulable"]!.GetValue<bool>());

        var uncordoned = await Operator.PatchApiAsync($"/api/v1/nodes/{node}", Cordon(null), RawApi.StrategicMergePatch, Ct);
        Assert.True(uncordoned.StatusCode == HttpStatusCode.OK, uncordoned.ToString());
        Assert.Null(uncordoned.Body["spec"]?["unschedulable"]);
    }

    [SkippableFact]
    public async Task Operator_may_list_the_pods_of_a_node_and_evict_them()
    {
        server.RequireAvailable();
        var pod = await CreatePodAsync();

        var pods = await Operator.GetApiAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Drbac-node", Ct);
        Assert.True(pods.StatusCode == HttpStatusCode.OK, pods.ToString());
        // kube-apiserver v1.20 serves Eviction only as policy/v1beta1 (policy/v1 came in 1.22).
        var eviction = await Operator.PostApiAsync($"/api/v1/namespaces/default/pods/{pod}/eviction", Eviction(pod), Ct);

        Assert.True(eviction.StatusCode == HttpStatusCode.Created, eviction.ToString());
        Assert.Equal("Success", eviction.Body["status"]?.GetValue<string>());
    }

    [SkippableFact]
    public async Task Operator_may_write_NodeMaintenance_status()
    {
        server.RequireNodeMaintenanceCrd();
        var node = UniqueName("op-status");
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostApiAsync(NodeMaintenanceCrd.CollectionPath, NodeMaintenance(node), Ct)).StatusCode);
        var current = await Operator.GetApiAsync(NodeMaintenancePath(node), Ct);
        Assert.True(current.StatusCode == HttpStatusCode.OK, current.ToString());
        var withStatus = current.Body;
        withStatus["status"] = new JsonObject { ["state"] = "MaintenanceScheduled", ["observedGeneration"] = 1 };

        var updated = await Operator.PutApiAsync(NodeMaintenancePath(node) + "/status", withStatus, Ct);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, updated.ToString());
        var patch = new JsonObject { ["status"] = new JsonObject { ["state"] = "NodeCordoning" } };
        var patched = await Operator.PatchApiAsync(NodeMaintenancePath(node) + "/status", patch, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    [SkippableFact]
    public async Task Operator_may_take_and_renew_a_Lease_in_its_namespace()
    {
        server.RequireAvailable();
        var client = server.Client(ApiIdentity.Operator);
        var now = DateTime.UtcNow;
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = UniqueName("drainsafe-operator-leader"), NamespaceProperty = ApiIdentity.DrainSafeNamespace },
            Spec = new V1LeaseSpec { HolderIdentity = "operator-0", LeaseDurationSeconds = 15, AcquireTime = now, RenewTime = now },
        };

        var taken = await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, ApiIdentity.DrainSafeNamespace, cancellationToken: Ct);
        taken.Spec.RenewTime = now.AddSeconds(2);
        var renewed = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(taken, taken.Metadata.Name, ApiIdentity.DrainSafeNamespace, cancellationToken: Ct);
        var read = await client.CoordinationV1.ReadNamespacedLeaseAsync(taken.Metadata.Name, ApiIdentity.DrainSafeNamespace, cancellationToken: Ct);

        Assert.Equal(renewed.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("operator-0", read.Spec.HolderIdentity);
    }

    [SkippableFact]
    public async Task Operator_may_create_Events()
    {
        server.RequireAvailable();
        var name = UniqueName("nm-event");
        var @event = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = NodeMaintenanceCrd.ApiVersion, ["kind"] = NodeMaintenanceCrd.Kind, ["name"] = "node-1" },
            ["reason"] = "NodeCordoned",
            ["message"] = "DrainSafe cordoned node-1 for maintenance.",
            ["type"] = "Normal",
            ["count"] = 1,
            ["source"] = new JsonObject { ["component"] = "drainsafe-operator" },
        };

        var created = await Operator.PostApiAsync("/api/v1/namespaces/default/events", @event, Ct);

        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        var bumped = new JsonObject { ["count"] = 2 };
        var patched = await Operator.PatchApiAsync($"/api/v1/namespaces/default/events/{name}", bumped, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    [SkippableFact]
    public async Task Operator_may_not_read_secrets()
    {
        server.RequireAvailable();
        var secret = await CreateSecretAsync();

        AssertForbidden(await Operator.GetApiAsync($"/api/v1/namespaces/default/secrets/{secret}", Ct), ApiIdentity.Operator, "get", "secrets");
        AssertForbidden(await Operator.GetApiAsync("/api/v1/secrets", Ct), ApiIdentity.Operator, "list", "secrets");
    }

    [SkippableFact]
    public async Task Operator_may_not_delete_nodes()
    {
        server.RequireAvailable();
        var node = await CreateNodeAsync();

        var deleted = await Operator.DeleteApiAsync($"/api/v1/nodes/{node}", Ct);

        AssertForbidden(deleted, ApiIdentity.Operator, "delete", "nodes");
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetApiAsync($"/api/v1/nodes/{node}", Ct)).StatusCode);
    }

    [SkippableFact]
    public async Task User_without_bindings_may_not_list_NodeMaintenances()
    {
        server.RequireNodeMaintenanceCrd();

        var list = await server.Http(ApiIdentity.Nobody).GetApiAsync(NodeMaintenanceCrd.CollectionPath, Ct);

        AssertForbidden(list, ApiIdentity.Nobody, "list", "nodemaintenances");
    }

    private static void AssertForbidden(ApiResponse response, ApiIdentity identity, string verb, string resource)
    {
        var status = StatusAssert.Failure(response, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains($"User \"{identity.UserName}\" cannot {verb} resource \"{resource}\"", status["message"]!.GetValue<string>());
    }

    private static JsonObject Cordon(bool? unschedulable) =>
        new() { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable is null ? null : JsonValue.Create(unschedulable.Value) } };

    private static JsonObject Eviction(string pod) => new()
    {
        ["apiVersion"] = "policy/v1beta1",
        ["kind"] = "Eviction",
        ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = "default" },
    };

    private async Task<string> CreateNodeAsync()
    {
        var name = UniqueName("rbac-node");
        var created = await Admin.PostApiAsync("/api/v1/nodes", Node(name), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        return name;
    }

    private async Task<string> CreatePodAsync()
    {
        var name = UniqueName("rbac-pod");
        var created = await Admin.PostApiAsync("/api/v1/namespaces/default/pods", Pod(name, "rbac-node"), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        return name;
    }

    private async Task<string> CreateSecretAsync()
    {
        var name = UniqueName("rbac-secret");
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["stringData"] = new JsonObject { ["password"] = "not-for-drainsafe" },
        };
        var created = await Admin.PostApiAsync("/api/v1/namespaces/default/secrets", secret, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());
        return name;
    }
}
