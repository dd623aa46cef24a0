using System.Net;
using DrainSafe.Entities;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent under the admission policy DrainSafe ships: on its own node it creates the NodeMaintenance, patches
/// its spec and records approvals in its status; with the token of another node's pod every write is refused.
/// </summary>
public sealed class AdmissionPolicyTests : IAsyncLifetime
{
    private AgentWorld world = null!;

    public async Task InitializeAsync() => world = await AgentWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task The_agent_creates_patches_and_approves_its_own_nodes_NodeMaintenance_under_the_shipped_policy()
    {
        await world.StartAgentAsync(0);
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the agent has written the event into the spec");
        world.MarkApprovable(0, eventId);

        await world.WaitForMaintenanceAsync(m => m.Status.ApprovedEventIds.Contains(eventId), "the agent has recorded its approval");

        Assert.Single(world.Store.List(Sandbox.Api.Resources.BuiltInResources.ValidatingAdmissionPolicyBindings).Items);
        Assert.Equal(0, world.Cluster.Server.Faults.CountRequests(r => r.IsWrite && r.StatusCode == 403));
    }

    [Fact]
    public async Task An_agent_holding_another_nodes_token_cannot_write_this_nodes_NodeMaintenance()
    {
        var foreignToken = world.AgentToken(AgentWorld.Node(1));

        await world.StartAgentAsync(world.OptionsFor(0), foreignToken);
        await Eventually.HoldsAsync(
            () => world.Cluster.Server.Faults.CountRequests(r => r is { Method: "POST", StatusCode: 403 } && r.Path.EndsWith("/nodemaintenances", StringComparison.Ordinal)) > 0,
            "the agent's create was refused", world.Diagnostics);

        Assert.Null(world.Maintenance(0));
        using var asTheAgent = new k8s.Kubernetes(world.Cluster.Server.CreateClientConfiguration(foreignToken));
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => asTheAgent.CustomObjects.CreateClusterCustomObjectAsync(
            new NodeMaintenance
            {
                ApiVersion = $"{NodeMaintenance.GroupName}/{NodeMaintenance.Version}",
                Kind = NodeMaintenance.KindName,
                Metadata = new V1ObjectMeta { Name = AgentWorld.Node(0) },
                Spec = new NodeMaintenanceSpec { NodeName = AgentWorld.Node(0), VmName = AgentWorld.Vm(0) },
            }, NodeMaintenance.GroupName, NodeMaintenance.Version, NodeMaintenance.Plural));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains($"the DrainSafe agent on node {AgentWorld.Node(1)} may write only the NodeMaintenance {AgentWorld.Node(1)}, not {AgentWorld.Node(0)}",
            refused.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_holding_another_nodes_token_cannot_record_approvals_on_this_nodes_NodeMaintenance()
    {
        var own = await world.StartAgentAsync(0);
        var eventId = world.ScheduleEvent(AgentWorld.Vm(0));
        await world.WaitForMaintenanceAsync(m => AgentWorld.Lists(m, eventId), "the event is in the spec");
        await world.StopAgentAsync(own);
        await world.StartAgentAsync(world.OptionsFor(0), world.AgentToken(AgentWorld.Node(1)));

        world.MarkApprovable(0, eventId);
        await Eventually.HoldsAsync(
            () => world.Cluster.Server.Faults.CountRequests(r => r is { Method: "PATCH", StatusCode: 403 } && r.Path.EndsWith("/status", StringComparison.Ordinal)) > 0,
            "the agent's status patch was refused", world.Diagnostics);

        Assert.Empty(world.Maintenance(0)!.Status.ApprovedEventIds);
    }
}
