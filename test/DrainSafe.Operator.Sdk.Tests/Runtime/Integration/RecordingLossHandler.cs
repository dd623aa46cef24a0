using DrainSafe.Operator.Sdk.LeaderElection;

namespace DrainSafe.Operator.Sdk.Tests.Runtime.Integration;

/// <summary>Observes the loss of leadership instead of stopping the test host.</summary>
internal sealed class RecordingLossHandler : ILeadershipLossHandler
{
    private int losses;

    public int Losses => Volatile.Read(ref losses);

    public void OnLeadershipLost(string identity) => Interlocked.Increment(ref losses);
}
