namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>Leader election on a coordination.k8s.io/v1 Lease. Only the leader watches and reconciles.</summary>
public sealed class LeaderElectionSettings
{
    /// <summary>False for a single instance: it leads from the start. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Lease's name. Default <c>drainsafe-operator</c>.</summary>
    public string LeaseName { get; set; } = "drainsafe-operator";

    /// <summary>The Lease's namespace. Left empty, the runtime sets it at start to <c>POD_NAMESPACE</c>, else <c>default</c>.</summary>
    public string LeaseNamespace { get; set; } = string.Empty;

    /// <summary>This instance's holder identity. Left empty, the runtime sets it at start to <c>POD_NAME</c> or the host name, plus a random suffix.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>How long followers wait after the last renewal before taking over. Whole seconds. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and followers retry. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
