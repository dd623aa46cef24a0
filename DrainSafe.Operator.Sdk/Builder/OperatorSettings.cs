using DrainSafe.Operator.Sdk.Health;
using DrainSafe.Operator.Sdk.LeaderElection;
using DrainSafe.Operator.Sdk.Queue;
using DrainSafe.Operator.Sdk.Watch;
using k8s;

namespace DrainSafe.Operator.Sdk.Builder;

/// <summary>Everything the operator runtime is configured with.</summary>
public sealed class OperatorSettings
{
    /// <summary>The component name on published Events. Default <c>drainsafe-operator</c>.</summary>
    public string Name { get; set; } = "drainsafe-operator";

    /// <summary>
    /// How to reach the API server when no <see cref="KubernetesClientFactory"/> is set. Default: kubeconfig or
    /// in-cluster configuration (<see cref="KubernetesClientConfiguration.BuildDefaultConfig"/>).
    /// </summary>
    public KubernetesClientConfiguration? KubernetesClientConfiguration { get; set; }

    /// <summary>Creates the client instead (it must be a <see cref="Kubernetes"/> for watches). Wins over the configuration.</summary>
    public Func<IServiceProvider, IKubernetes>? KubernetesClientFactory { get; set; }

    /// <summary>API requests per second of the whole process, watches excepted (client-side, earliest deadline first). Default 200.</summary>
    public double ApiQps { get; set; } = 200;

    /// <summary>API requests allowed in a burst above <see cref="ApiQps"/>. Default 400.</summary>
    public int ApiBurst { get; set; } = 400;

    /// <summary>Workers per entity type: how many different objects are reconciled at once. Default 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>List, watch, heartbeat window and reconnect settings.</summary>
    public InformerSettings Informer { get; set; } = new();

    /// <summary>Backoff of failed reconciles (5 ms growing to 5 min, jittered; retried forever).</summary>
    public RetryBackoffSettings Retry { get; set; } = new();

    /// <summary>Leader election on a Lease.</summary>
    public LeaderElectionSettings LeaderElection { get; set; } = new();

    /// <summary>The <c>/healthz</c> and <c>/readyz</c> endpoint.</summary>
    public HealthSettings Health { get; set; } = new();
}
