using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>
/// Runs the election and sets <see cref="Leadership"/>; with election disabled, this instance leads at once.
/// When leadership is lost every gated service is cancelled first, then the loss handler runs (by default
/// it stops the process).
/// </summary>
public sealed class LeaderElectionService : BackgroundService
{
    private readonly IKubernetes client;
    private readonly LeaderElectionSettings settings;
    private readonly Leadership leadership;
    private readonly ILeadershipLossHandler lossHandler;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<LeaseLeaderElector> logger;

    /// <summary>Creates the service.</summary>
    /// <param name="client">Reads and writes the Lease.</param>
    /// <param name="settings">The election settings.</param>
    /// <param name="leadership">The gate to open and close.</param>
    /// <param name="lossHandler">What to do after leadership is lost.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where transitions are reported.</param>
    public LeaderElectionService(
        IKubernetes client,
        LeaderElectionSettings settings,
        Leadership leadership,
        ILeadershipLossHandler lossHandler,
        TimeProvider timeProvider,
        ILogger<LeaseLeaderElector> logger)
    {
        this.client = client;
        this.settings = settings;
        this.leadership = leadership;
        this.lossHandler = lossHandler;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            leadership.Acquire();
            return;
        }

        var elector = new LeaseLeaderElector(client, settings, timeProvider, logger);
        try
        {
            await elector.RunAsync(leadership.Acquire, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            leadership.Release();
            return;
        }

        leadership.Release();
        lossHandler.OnLeadershipLost(settings.Identity);
    }
}
