using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.Conformance;
using DrainSafe.Conformance.Tests.Rbac;
using DrainSafe.Conformance.Tests.RealApiServer;
using DrainSafe.Entities;
using Maintenance = DrainSafe.Entities.NodeMaintenance;
using DrainSafe.Operator.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Runtime;

/// <summary>
/// DrainSafe's real operator host on a real kube-apiserver under RBAC authorization, as the operator's service account
/// with only the generated ClusterRole. A forbidden call would surface in status.lastError and stop the lifecycle, so
/// the test fails instead of the operator retrying silently.
/// </summary>
[Trait("Category", "RealApiServer")]
[Collection(RealRbacApiServerCollection.Name)]
public sealed class RealApiServerOperatorTests(RealRbacApiServerFixture server) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [SkippableFact]
    public async Task The_operator_takes_a_pod_less_node_through_the_whole_lifecycle_and_publishes_its_events()
    {
        server.RequireNodeMaintenanceCrd();
        var node = UniqueName("lifecycle-node");
        var admin = server.Client(ApiIdentity.Admin);
        var agent = server.Http(ApiIdentity.Agent);
        Assert.Equal(HttpStatusCode.Created, (await server.Http(ApiIdentity.Admin).PostApiAsync("/api/v1/nodes", Node(node), Ct)).StatusCode);

        using var host = OperatorHost.Create([], server.Server.CreateClientConfiguration(ApiIdentity.Operator), builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Operator:Health:Port"] = null,
                ["Operator:LeaderElection:LeaseName"] = UniqueName("drainsafe-operator"),
                ["Operator:LeaderElection:LeaseNamespace"] = ApiIdentity.DrainSafeNamespace,
            });
        });
        await host.StartAsync(Ct);
        try
        {
            var maintenance = NodeMaintenance(node);
            var reboot = maintenance["spec"]!["events"]![0]!;
            reboot["notBefore"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var created = await agent.PostApiAsync(NodeMaintenanceCrd.CollectionPath, maintenance, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());

            var drained = await WaitForAsync(admin, node, m => m.Status?.ApprovableEventIds.Count > 0);
            Assert.Equal(MaintenanceState.NodeDrained, drained.Status!.State);
            Assert.Null(drained.Status.LastError);
            var cordoned = await admin.CoreV1.ReadNodeAsync(node, cancellationToken: Ct);
            Assert.True(cordoned.Spec.Unschedulable);
            Assert.Equal(nameof(MaintenanceState.NodeDrained), cordoned.Metadata.Annotations[DrainSafeAnnotations.MaintenanceState]);

            reboot["eventStatus"] = "Started";
            reboot["notBefore"] = null;
            await PatchSpecAsync(agent, node, maintenance["spec"]!["events"]!.DeepClone());
            await WaitForAsync(admin, node, m => m.Status?.State == MaintenanceState.MaintenanceStarted);

            await PatchSpecAsync(agent, node, new JsonArray());
            var done = await WaitForAsync(admin, node, m => m.Status?.State == MaintenanceState.NodeUncordoned);
            Assert.Null(done.Status!.LastError);
            var restored = await admin.CoreV1.ReadNodeAsync(node, cancellationToken: Ct);
            Assert.NotEqual(true, restored.Spec.Unschedulable);
            Assert.False(restored.Metadata.Annotations.ContainsKey(DrainSafeAnnotations.MaintenanceOwner));

            // Events are written as the operator's service account (it may get, create and patch them).
            // (They are published right after the status write they describe.)
            var reasons = new HashSet<string>();
            await Eventually.HoldsAsync(async ct =>
            {
                var events = await admin.CoreV1.ListNamespacedEventAsync("default", cancellationToken: ct);
                reasons = events.Items.Where(e => e.InvolvedObject.Name == node).Select(e => e.Reason).ToHashSet();
                return reasons.Contains("Cordoned") && reasons.Contains("Uncordoned");
            }, "the Cordoned and Uncordoned Events", Ct);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    [SkippableFact]
    public async Task On_a_server_with_only_policy_v1beta1_eviction_the_operator_evicts_through_it()
    {
        server.RequireNodeMaintenanceCrd();
        var node = UniqueName("eviction-node");
        var pod = UniqueName("lonely");
        var adminHttp = server.Http(ApiIdentity.Admin);
        var admin = server.Client(ApiIdentity.Admin);
        Assert.Equal(HttpStatusCode.Created, (await adminHttp.PostApiAsync("/api/v1/nodes", Node(node), Ct)).StatusCode);
        var manifest = Pod(pod, node);
        manifest["spec"]!["terminationGracePeriodSeconds"] = 1;
        Assert.Equal(HttpStatusCode.Created, (await adminHttp.PostApiAsync("/api/v1/namespaces/default/pods", manifest, Ct)).StatusCode);
        var resources = await admin.CoreV1.GetAPIResourcesAsync(Ct);
        Assert.Equal("v1beta1", resources.Resources.Single(r => r.Name == "pods/eviction").Version);

        using var host = OperatorHost.Create([], server.Server.CreateClientConfiguration(ApiIdentity.Operator), builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Operator:Health:Port"] = null,
                ["Operator:LeaderElection:LeaseName"] = UniqueName("drainsafe-operator"),
                ["Operator:LeaderElection:LeaseNamespace"] = ApiIdentity.DrainSafeNamespace,
                // No kubelet runs here: an evicted pod stays terminating; a second past its deletion time it no longer holds the drain up.
                ["DrainSafe:TerminatingPodTimeout"] = "00:00:01",
            });
        });
        await host.StartAsync(Ct);
        try
        {
            var maintenance = NodeMaintenance(node);
            maintenance["spec"]!["events"]![0]!["notBefore"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Assert.Equal(HttpStatusCode.Created, (await server.Http(ApiIdentity.Agent).PostApiAsync(NodeMaintenanceCrd.CollectionPath, maintenance, Ct)).StatusCode);

            var drained = await WaitForAsync(admin, node, m => m.Status?.State == MaintenanceState.NodeDrained);
            Assert.Null(drained.Status!.LastError);
            Assert.Equal(1, drained.Status.Drain!.EvictedPods);
            var evicted = await admin.CoreV1.ReadNamespacedPodAsync(pod, "default", cancellationToken: Ct);
            Assert.NotNull(evicted.Metadata.DeletionTimestamp);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    private async Task PatchSpecAsync(HttpClient agent, string node, JsonNode events)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["events"] = events } };
        var patched = await agent.PatchApiAsync(NodeMaintenancePath(node), patch, RawApi.MergePatch, Ct);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());
    }

    private async Task<Maintenance> WaitForAsync(IKubernetes admin, string node, Func<Maintenance, bool> condition)
    {
        Maintenance? last = null;
        return await Eventually.ReturnsAsync(async ct =>
        {
            last = await admin.CustomObjects.GetClusterCustomObjectAsync<Maintenance>(
                Maintenance.GroupName, Maintenance.Version, Maintenance.Plural, node, cancellationToken: ct);
            return condition(last) ? last : null;
        }, $"the NodeMaintenance {node} to reach the awaited state", Ct, diagnostics: () => last is null ? "(none)" : KubernetesJson.Serialize(last.Status));
    }
}
