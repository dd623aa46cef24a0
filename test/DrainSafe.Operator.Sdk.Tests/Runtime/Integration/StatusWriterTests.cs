using DrainSafe.Operator.Sdk.Client;
using DrainSafe.Operator.Sdk.Status;
using DrainSafe.Operator.Sdk.Tests.Runtime.Widgets;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

[Collection(RuntimeSandboxCollection.Name)]
public sealed class StatusWriterTests
{
    [Fact]
    public async Task A_status_write_that_conflicts_rereads_and_keeps_the_other_writers_field()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var writer = op.Get<IEntityStatusWriter<Widget>>();
        var stale = await cluster.CreateAsync("w1");

        // Another writer gets in first: the runtime's write carries a stale resourceVersion and gets 409.
        await cluster.SetStatusAsync("w1", s => s.Owner = "agent");
        var mutations = 0;
        var written = await writer.UpdateStatusAsync(stale, w => { mutations++; w.Status.Phase = "Ready"; }, CancellationToken.None);

        Assert.Equal(2, mutations);
        var stored = await cluster.GetAsync("w1");
        Assert.Equal("Ready", stored.Status.Phase);
        Assert.Equal("agent", stored.Status.Owner);
        Assert.Equal(stored.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_status_write_that_changes_nothing_is_not_sent()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var writer = op.Get<IEntityStatusWriter<Widget>>();
        await cluster.CreateAsync("w1");
        var ready = await cluster.SetStatusAsync("w1", s => s.Phase = "Ready");
        cluster.Server.Faults.ClearRequests();

        var result = await writer.UpdateStatusAsync(ready, w => w.Status.Phase = "Ready", CancellationToken.None);

        Assert.Same(ready, result);
        Assert.Equal(0, cluster.Server.Faults.CountRequests(r => r.IsWrite));
        Assert.Equal(ready.Metadata.ResourceVersion, (await cluster.GetAsync("w1")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_status_write_does_not_change_the_spec()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var writer = op.Get<IEntityStatusWriter<Widget>>();
        var created = await cluster.CreateAsync("w1");

        await writer.UpdateStatusAsync(created, w => { w.Status.Phase = "Ready"; w.Spec.Size = "huge"; }, CancellationToken.None);

        var stored = await cluster.GetAsync("w1");
        Assert.Equal("Ready", stored.Status.Phase);
        Assert.Equal("small", stored.Spec.Size);
        Assert.Equal(created.Metadata.Generation, stored.Metadata.Generation);
    }

    [Fact]
    public async Task A_decision_written_over_an_outdated_copy_conflicts_and_writes_nothing()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var writer = op.Get<IEntityStatusWriter<Widget>>();
        var outdated = await cluster.CreateAsync("w1");
        var newer = await cluster.SetStatusAsync("w1", s => s.Phase = "Ready");
        var mutations = 0;

        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(
            () => writer.ReplaceStatusAsync(outdated, w => { mutations++; w.Status.Phase = "Pending"; }, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(1, mutations);
        var stored = await cluster.GetAsync("w1");
        Assert.Equal("Ready", stored.Status.Phase);
        Assert.Equal(newer.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_decision_written_over_the_current_copy_is_stored()
    {
        await using var cluster = await WidgetCluster.StartAsync();
        await using var op = await WidgetOperator.StartAsync(cluster);
        var writer = op.Get<IEntityStatusWriter<Widget>>();
        var current = await cluster.CreateAsync("w1");

        var written = await writer.ReplaceStatusAsync(current, w => w.Status.Phase = "Ready", CancellationToken.None);

        var stored = await cluster.GetAsync("w1");
        Assert.Equal("Ready", stored.Status.Phase);
        Assert.Equal(stored.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
    }
}
