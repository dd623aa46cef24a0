using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>The default loss handler: sets exit code 1 and stops the host, so no split brain can follow.</summary>
public sealed partial class StopApplicationOnLeadershipLoss : ILeadershipLossHandler
{
    /// <summary>The process exit code after a loss of leadership.</summary>
    public const int ExitCode = 1;

    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<StopApplicationOnLeadershipLoss> logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="lifetime">The host to stop.</param>
    /// <param name="logger">Where the loss is reported.</param>
    public StopApplicationOnLeadershipLoss(IHostApplicationLifetime lifetime, ILogger<StopApplicationOnLeadershipLoss> logger)
    {
        this.lifetime = lifetime;
        this.logger = logger;
    }

    /// <inheritdoc />
    public void OnLeadershipLost(string identity)
    {
        LogStopping(logger, identity, ExitCode);
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Critical, Message = "{Identity} lost leadership; stopping with exit code {ExitCode} so that it restarts as a follower")]
    private static partial void LogStopping(ILogger logger, string identity, int exitCode);
}
