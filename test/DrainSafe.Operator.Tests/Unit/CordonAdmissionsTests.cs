using DrainSafe.Entities;
using DrainSafe.Operator.Lifecycle;

namespace DrainSafe.Operator.Tests.Unit;

public sealed class CordonAdmissionsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static PeerMaintenance Peer(string name, MaintenanceState? state) => new(name, "vm-" + name, state, T0 + TimeSpan.FromMinutes(10));

    private static MaintenanceState? StateOf(IReadOnlyList<PeerMaintenance> peers, string name) => peers.Single(p => p.NodeName == name).State;

    [Theory]
    [InlineData(null)]
    [InlineData(MaintenanceState.NodeRunning)]
    [InlineData(MaintenanceState.MaintenanceScheduled)]
    [InlineData(MaintenanceState.NodeUncordoned)]
    public void An_admitted_node_counts_as_cordoning_while_the_cache_still_shows_it_waiting(MaintenanceState? cached)
    {
        var admissions = new CordonAdmissions();
        admissions.Admit("a", T0);

        var peers = admissions.Overlay([Peer("a", cached), Peer("b", cached)], T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(["a", "b"], peers.Select(p => p.NodeName));
        Assert.Equal(MaintenanceState.NodeCordoning, StateOf(peers, "a"));
        Assert.Equal(cached, StateOf(peers, "b"));
    }

    [Fact]
    public void An_admission_is_forgotten_once_the_cache_shows_the_node_past_waiting()
    {
        var admissions = new CordonAdmissions();
        admissions.Admit("a", T0);

        var caughtUp = admissions.Overlay([Peer("a", MaintenanceState.NodeCordoned)], T0 + TimeSpan.FromSeconds(1));
        var later = admissions.Overlay([Peer("a", MaintenanceState.MaintenanceScheduled)], T0 + TimeSpan.FromSeconds(2));

        Assert.Equal(MaintenanceState.NodeCordoned, StateOf(caughtUp, "a"));
        Assert.Equal(MaintenanceState.MaintenanceScheduled, StateOf(later, "a"));
    }

    [Fact]
    public void An_admission_the_cache_never_shows_is_forgotten_after_thirty_seconds()
    {
        var admissions = new CordonAdmissions();
        admissions.Admit("a", T0);

        var atThirty = admissions.Overlay([Peer("a", MaintenanceState.MaintenanceScheduled)], T0 + TimeSpan.FromSeconds(30));
        var afterThirty = admissions.Overlay([Peer("a", MaintenanceState.MaintenanceScheduled)], T0 + TimeSpan.FromSeconds(31));
        var afterwards = admissions.Overlay([Peer("a", MaintenanceState.MaintenanceScheduled)], T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(MaintenanceState.NodeCordoning, StateOf(atThirty, "a"));
        Assert.Equal(MaintenanceState.MaintenanceScheduled, StateOf(afterThirty, "a"));
        Assert.Equal(MaintenanceState.MaintenanceScheduled, StateOf(afterwards, "a"));
    }

    [Fact]
    public void Without_admissions_the_peers_are_what_the_cache_has()
    {
        IReadOnlyList<PeerMaintenance> peers = [Peer("a", MaintenanceState.MaintenanceScheduled), Peer("b", MaintenanceState.NodeDraining)];

        Assert.Equal(peers, new CordonAdmissions().Overlay(peers, T0));
    }

    [Fact]
    public async Task Admissions_are_decided_one_at_a_time()
    {
        var admissions = new CordonAdmissions();

        var first = await admissions.DecideAsync(CancellationToken.None).WaitAsync(Bound);
        var second = admissions.DecideAsync(CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(Bound)).Dispose();
    }

    [Fact]
    public async Task Releasing_a_decision_twice_lets_only_one_other_decision_in()
    {
        var admissions = new CordonAdmissions();
        var first = await admissions.DecideAsync(CancellationToken.None).WaitAsync(Bound);

        var second = admissions.DecideAsync(CancellationToken.None);
        first.Dispose();
        first.Dispose();
        using var held = await second.WaitAsync(Bound);
        var third = admissions.DecideAsync(CancellationToken.None);

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task Waiting_for_a_decision_stops_when_cancelled()
    {
        var admissions = new CordonAdmissions();
        using var held = await admissions.DecideAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = admissions.DecideAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
    }

    [Fact]
    public void The_overlay_refuses_missing_peers_by_name()
    {
        Assert.Equal("peers", Assert.Throws<ArgumentNullException>(() => new CordonAdmissions().Overlay(null!, T0)).ParamName);
    }
}
