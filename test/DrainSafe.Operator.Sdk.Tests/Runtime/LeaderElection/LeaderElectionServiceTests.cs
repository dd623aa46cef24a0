using System.Globalization;
using DrainSafe.Operator.Sdk.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

/// <summary><see cref="LeaderElectionService"/> opening and closing the gate, against an in-memory Lease API and a stepping clock.</summary>
public sealed class LeaderElectionServiceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    private readonly SteppingClock clock = new(T0);
    private readonly LeaseServer server;
    private readonly Kubernetes kubernetes;
    private readonly Leadership leadership = new();
    private readonly LossRecorder loss;

    public LeaderElectionServiceTests()
    {
        server = new LeaseServer(clock);
        kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, server);
        loss = new LossRecorder(leadership);
    }

    public void Dispose() => kubernetes.Dispose();

    private LeaderElectionService Service(bool enabled = true) => new(
        kubernetes,
        new LeaderElectionSettings
        {
            Enabled = enabled,
            Identity = "me",
            LeaseName = "lease",
            LeaseNamespace = "default",
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(3),
        },
        leadership,
        loss,
        clock,
        NullLogger<LeaseLeaderElector>.Instance);

    [Fact]
    public async Task With_election_disabled_the_instance_leads_at_once_without_a_Lease()
    {
        using var service = Service(enabled: false);

        await service.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => leadership.IsLeader, "the instance leads");
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(server.Requests);
        Assert.Equal(0, loss.Losses);
    }

    [Fact]
    public async Task An_elected_instance_that_stops_ends_its_term_and_releases_the_Lease_without_reporting_a_loss()
    {
        using var service = Service();
        await service.StartAsync(CancellationToken.None);
        var term = await leadership.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("me", server.Holder);

        await service.StopAsync(CancellationToken.None);

        Assert.True(term.IsCancellationRequested);
        Assert.False(leadership.IsLeader);
        Assert.True(string.IsNullOrEmpty(server.Holder), $"the Lease is still held by {server.Holder}");
        Assert.Equal(0, loss.Losses);
    }

    [Fact]
    public async Task An_instance_that_loses_the_Lease_ends_its_term_before_the_loss_handler_runs()
    {
        using var service = Service();
        await service.StartAsync(CancellationToken.None);
        var term = await leadership.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => clock.IsSleeping, "the leader waits to renew");

        server.Hold("other", clock.GetUtcNow());
        clock.AdvanceToNextTimer();

        await Eventually.HoldsAsync(() => loss.Losses == 1, "the loss handler runs");
        Assert.Equal(["me"], loss.Identities);
        Assert.Equal([false], loss.LeadingWhenCalled);
        Assert.True(term.IsCancellationRequested);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(1, loss.Losses);
        Assert.Equal("other", server.Holder);
    }

    /// <summary>Records each call and whether the gate was still open then.</summary>
    private sealed class LossRecorder(Leadership leadership) : ILeadershipLossHandler
    {
        private readonly Lock gate = new();
        private readonly List<string> identities = [];
        private readonly List<bool> leading = [];

        public int Losses
        {
            get
            {
                lock (gate)
                {
                    return identities.Count;
                }
            }
        }

        public IReadOnlyList<string> Identities
        {
            get
            {
                lock (gate)
                {
                    return identities.ToList();
                }
            }
        }

        public IReadOnlyList<bool> LeadingWhenCalled
        {
            get
            {
                lock (gate)
                {
                    return leading.ToList();
                }
            }
        }

        public void OnLeadershipLost(string identity)
        {
            lock (gate)
            {
                identities.Add(identity);
                leading.Add(leadership.IsLeader);
            }
        }
    }
}
