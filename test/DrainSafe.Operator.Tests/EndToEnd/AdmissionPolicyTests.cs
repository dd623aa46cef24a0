using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Errors;
using k8s.Models;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// The operator and the agents' writes under the admission policy DrainSafe ships: the operator (its own service
/// account) writes every node's NodeMaintenance; an agent's token is held to its own node.
/// </summary>
public sealed class AdmissionPolicyTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 2);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task The_operator_drains_two_nodes_and_marks_their_event_approvable_with_no_write_refused()
    {
        await world.DeployAsync("web", replicas: 2, graceSeconds: 1);
        await world.StartOperatorAsync();
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0, 1);

        world.WriteEvents(0, reboot);
        world.WriteEvents(1, reboot);

        foreach (var index in new[] { 0, 1 })
        {
            await Eventually.HoldsAsync(() => world.Maintenance(index)?.Status?.ApprovableEventIds.Contains(reboot.EventId) == true,
                $"{OperatorWorld.Node(index)}'s event approvable", () => world.Describe(index));
        }

        Assert.All(new[] { 0, 1 }, index => Assert.True(world.NodeObject(index).Spec.Unschedulable));
        Assert.DoesNotContain(world.Cluster.Server.Faults.Requests, r => r.IsWrite && r.StatusCode is 401 or 403);
    }

    [Fact]
    public void An_agent_writing_another_nodes_NodeMaintenance_is_refused_with_the_policys_message()
    {
        var refused = Assert.Throws<ApiException>(() => world.Store.Create(new NodeMaintenance
        {
            ApiVersion = $"{NodeMaintenance.GroupName}/{NodeMaintenance.Version}",
            Kind = NodeMaintenance.KindName,
            Metadata = new V1ObjectMeta { Name = OperatorWorld.Node(0) },
            Spec = new NodeMaintenanceSpec { NodeName = OperatorWorld.Node(0), VmName = OperatorWorld.Vm(0) },
        }, world.AsAgentOf(1)));

        Assert.Equal(403, refused.Code);
        Assert.Contains($"the DrainSafe agent on node {OperatorWorld.Node(1)} may write only the NodeMaintenance {OperatorWorld.Node(1)}, not {OperatorWorld.Node(0)}",
            refused.Status.Message, StringComparison.Ordinal);
        Assert.Null(world.Maintenance(0));
    }
}
