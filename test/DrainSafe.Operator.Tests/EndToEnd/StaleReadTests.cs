using DrainSafe.Entities;
using DrainSafe.Operator.Abstractions.Controller;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DrainSafe.Operator.Tests.EndToEnd;

/// <summary>
/// The operator reconciles NodeMaintenances from its informer's cache, which lags behind the API server while a watch is
/// down (seen in the soak: dropped watches left the cache seconds behind). A decision made from an outdated copy must
/// never be written over the newer status: the write conflicts, and the step is decided again from a fresh read.
/// </summary>
public sealed class StaleReadTests : IAsyncLifetime
{
    private OperatorWorld world = null!;

    public async Task InitializeAsync() => world = await OperatorWorld.StartAsync(nodes: 2);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_reconcile_of_an_outdated_copy_does_not_rewind_a_drained_node_to_scheduled()
    {
        await world.DeployAsync("web", replicas: 4, graceSeconds: 5, pdbMaxUnavailable: "1");
        var host = await world.StartOperatorAsync();
        var reboot = OperatorWorld.Event("Reboot", TimeSpan.FromMinutes(10), 0);
        var outdated = world.WriteEvents(0, reboot);
        await world.WaitForStateAsync(0, MaintenanceState.NodeDrained);
        await Eventually.HoldsAsync(() => world.Maintenance(0)?.Status?.ApprovableEventIds.Contains(reboot.EventId) == true,
            "the event approvable", () => world.Describe(0));

        // Nothing else writes from here on: the reconcile below is the only one.
        await host.StopAsync();
        var before = world.Maintenance(0)!;
        await using var scope = host.Services.CreateAsyncScope();
        var controller = scope.ServiceProvider.GetRequiredService<IEntityController<NodeMaintenance>>();

        var result = await controller.ReconcileAsync(outdated, CancellationToken.None);

        var after = world.Maintenance(0)!;
        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(MaintenanceState.NodeDrained, after.Status?.State);
        Assert.Contains(reboot.EventId, after.Status!.ApprovableEventIds);
        Assert.Equal(before.Status!.Drain?.StartedAt, after.Status.Drain?.StartedAt);
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }
}
