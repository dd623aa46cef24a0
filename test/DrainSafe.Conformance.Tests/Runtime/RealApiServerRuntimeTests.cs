using System.Net;
using System.Text.Json.Nodes;
using DrainSafe.Conformance.Tests.Backends;
using DrainSafe.Conformance.Tests.Conformance;
using DrainSafe.Conformance.Tests.Rbac;
using DrainSafe.Conformance.Tests.RealApiServer;
using DrainSafe.Testing.Kubectl;
using DrainSafe.Entities;
using DrainSafe.Operator.Sdk.Builder;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static DrainSafe.Conformance.Tests.Conformance.TestObjects;

namespace DrainSafe.Conformance.Tests.Runtime;

/// <summary>
/// The operator runtime (DrainSafe.Operator.Sdk) against a real kube-apiserver with RBAC, running as the operator's
/// service account with only the generated ClusterRole: list+watch, reconcile, node patches and leader election.
/// </summary>
[Trait("Category", "RealApiServer")]
[Collection(RealRbacApiServerCollection.Name)]
public sealed class RealApiServerRuntimeTests(RealRbacApiServerFixture server) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [SkippableFact]
    public async Task Runtime_cordons_the_node_of_a_NodeMaintenance_with_an_event_and_uncordons_it_when_the_event_is_gone()
    {
        server.RequireNodeMaintenanceCrd();
        CiRequirement.Require("the real kube-apiserver tier", File.Exists("/usr/bin/kubectl") ? null : "kubectl is not installed at /usr/bin/kubectl.");
        var node = UniqueName("runtime-node");
        var admin = server.Http(ApiIdentity.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostApiAsync("/api/v1/nodes", Node(node), Ct)).StatusCode);
        var leaseName = UniqueName("drainsafe-operator");

        using var host = BuildOperator(leaseName);
        await host.StartAsync(Ct);
        try
        {
            var agent = server.Http(ApiIdentity.Agent);
            var created = await agent.PostApiAsync(NodeMaintenanceCrd.CollectionPath, NodeMaintenance(node), Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, created.ToString());

            await Eventually.HoldsAsync(
                async ct => await KubectlAsync(["get", "node", node, "-o", "jsonpath={.spec.unschedulable}"], ct) == "true",
                $"kubectl to show node {node} cordoned", Ct);

            var eventsGone = new JsonObject { ["spec"] = new JsonObject { ["events"] = new JsonArray() } };
            var patched = await agent.PatchApiAsync(NodeMaintenancePath(node), eventsGone, RawApi.MergePatch, Ct);
            Assert.True(patched.StatusCode == HttpStatusCode.OK, patched.ToString());

            await Eventually.HoldsAsync(
                async ct => await KubectlAsync(["get", "node", node, "-o", "jsonpath={.spec.unschedulable}"], ct) == string.Empty,
                $"kubectl to show node {node} uncordoned", Ct);
            var holder = await KubectlAsync(
                ["get", "lease", leaseName, "-n", ApiIdentity.DrainSafeNamespace, "-o", "jsonpath={.spec.holderIdentity}"], Ct);
            Assert.StartsWith("conformance-operator", holder, StringComparison.Ordinal);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    private IHost BuildOperator(string leaseName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddKubernetesOperator(settings =>
        {
            settings.KubernetesClientFactory = _ => server.Server.CreateClient(ApiIdentity.Operator);
            settings.Workers = 1;
            settings.Health.Port = null;
            settings.LeaderElection.LeaseName = leaseName;
            settings.LeaderElection.LeaseNamespace = ApiIdentity.DrainSafeNamespace;
            settings.LeaderElection.Identity = "conformance-operator-" + Guid.NewGuid().ToString("N")[..6];
        })
        .AddController<CordonController, NodeMaintenance>();
        return builder.Build();
    }

    private async Task<string> KubectlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var kubectl = new KubectlRunner(server.Server.KubeconfigPath, Path.Combine(server.Server.Directory, "kubectl-home"));
        var result = await kubectl.RunAsync(["--request-timeout=20s", .. arguments]).WaitAsync(cancellationToken);
        return result.EnsureSuccess().StandardOutput.Trim();
    }
}
