using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Tests.Runtime.Integration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection;

public sealed class StopApplicationOnLeadershipLossTests
{
    private sealed class Lifetime : IHostApplicationLifetime
    {
        public int StopRequests { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequests++;
    }

    [Fact]
    public void Losing_leadership_stops_the_host_with_a_non_zero_exit_code()
    {
        var lifetime = new Lifetime();
        var handler = new StopApplicationOnLeadershipLoss(lifetime, NullLogger<StopApplicationOnLeadershipLoss>.Instance);
        var before = Environment.ExitCode;
        try
        {
            handler.OnLeadershipLost("op-a");

            Assert.Equal(1, lifetime.StopRequests);
            Assert.NotEqual(0, Environment.ExitCode);
        }
        finally
        {
            // The test host must not exit with the code the handler sets for the operator process.
            Environment.ExitCode = before;
        }
    }

    [Fact]
    public void Losing_leadership_is_logged_with_the_identity_and_the_exit_code()
    {
        var logs = new LogCapture();
        using var factory = new LoggerFactory([logs]);
        var handler = new StopApplicationOnLeadershipLoss(new Lifetime(), factory.CreateLogger<StopApplicationOnLeadershipLoss>());
        var before = Environment.ExitCode;
        try
        {
            handler.OnLeadershipLost("op-a");
        }
        finally
        {
            Environment.ExitCode = before;
        }

        // The last line an operator reads before the restart says why.
        var message = Assert.Single(logs.MessagesOf(3010));
        Assert.Contains("op-a", message, StringComparison.Ordinal);
        Assert.Contains($"exit code {StopApplicationOnLeadershipLoss.ExitCode}", message, StringComparison.Ordinal);
    }
}
