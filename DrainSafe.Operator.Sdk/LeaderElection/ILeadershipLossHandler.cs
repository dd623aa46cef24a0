namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>
/// What happens when this instance stops leading. The default stops the process with a non-zero exit
/// code (Kubernetes restarts it as a follower); tests register their own to observe it.
/// </summary>
public interface ILeadershipLossHandler
{
    /// <summary>Called once, after every gated service has been cancelled.</summary>
    /// <param name="identity">This instance's holder identity.</param>
    void OnLeadershipLost(string identity);
}
