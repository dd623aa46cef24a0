namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>The gate every informer and worker passes: work only while this instance leads.</summary>
public interface ILeadership
{
    /// <summary>True while this instance leads.</summary>
    bool IsLeader { get; }

    /// <summary>Waits until this instance leads.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A token that is cancelled the moment leadership ends.</returns>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken);
}
