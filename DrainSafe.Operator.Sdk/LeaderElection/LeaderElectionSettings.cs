namespace DrainSafe.Operator.Sdk.LeaderElection;

/// <summary>Leader election on a coordination.k8s.io/v1 Lease. Only the leader watches and reconciles.</summary>
public sealed class LeaderElectionSettings
{
    /// <summary>False for a single instance: it leads from the start. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Lease's name. Default <c>drainsafe-operator</c>.</summary>
    public string LeaseName { get; set; } = "drainsafe-operator";

    /// <summary>The Lease's namespace. Default: the <c>POD_NAMESPACE</c> environment variable, else <c>default</c>.</summary>
    public string LeaseNamespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "default";

    /// <summary>This instance's holder identity. Default: the <c>POD_NAME</c> environment variable or the host name, plus a random suffix.</summary>
    public string Identity { get; set; } =
        $"{(Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName)}_{Guid.NewGuid():N}";

    /// <summary>How long followers wait after the last renewal before taking over. Whole seconds. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and followers retry. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when a value is out of range, naming the setting and the accepted range.</summary>
    /// <param name="prefix">The settings path to name in messages.</param>
    public void Validate(string prefix = nameof(LeaderElectionSettings))
    {
        if (!Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException($"{prefix}.{nameof(LeaseName)}, {nameof(LeaseNamespace)} and {nameof(Identity)} must not be empty.", prefix);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(LeaseDuration)}", LeaseDuration, "must be a whole number of seconds, at least 1.");
        }

        if (RenewDeadline <= TimeSpan.Zero || RenewDeadline >= LeaseDuration)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(RenewDeadline)}", RenewDeadline, $"must be greater than zero and less than {prefix}.{nameof(LeaseDuration)} ({LeaseDuration}).");
        }

        if (RetryPeriod <= TimeSpan.Zero || RetryPeriod >= RenewDeadline)
        {
            throw new ArgumentOutOfRangeException($"{prefix}.{nameof(RetryPeriod)}", RetryPeriod, $"must be greater than zero and less than {prefix}.{nameof(RenewDeadline)} ({RenewDeadline}).");
        }
    }
}
