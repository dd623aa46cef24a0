using DrainSafe.Agent;
using DrainSafe.Agent.Options;
using DrainSafe.Operator.Hosting;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrainSafe.Sandbox.Demo;

/// <summary>
/// DrainSafe itself inside the simulated cluster: the real operator host (its own options and HTTP client, against the
/// sandbox API server over loopback) and one real agent per node (its node name, its VM's own IMDS address, its own
/// HTTP clients), exactly as they run in a cluster, only in this process. Each authenticates as its service account
/// (<see cref="DrainSafeServiceAccounts"/>), an agent with a token bound to its node, so the shipped admission policy
/// holds it to its own node's NodeMaintenance when the policy is installed.
/// </summary>
public sealed class DrainSafeInCluster : IAsyncDisposable
{
    private readonly SimulatedCluster cluster;
    private readonly ILoggerFactory logs;
    private readonly List<IHost> agents = [];
    private IHost? operatorHost;

    /// <summary>Prepares DrainSafe for <paramref name="cluster"/>, whose IMDS must be served over HTTP.</summary>
    /// <param name="cluster">The simulated cluster.</param>
    /// <param name="logs">Where the operator and agents log; null for nowhere.</param>
    public DrainSafeInCluster(SimulatedCluster cluster, ILoggerFactory? logs = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.ImdsServer is null)
        {
            throw new InvalidOperationException("DrainSafe's agents need the simulated IMDS over HTTP: start the cluster with ServeImds = true.");
        }

        this.cluster = cluster;
        this.logs = logs ?? NullLoggerFactory.Instance;
    }

    /// <summary>How often each agent polls its IMDS (the real default is 1 s; the demo plays time faster).</summary>
    public TimeSpan AgentPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Extra operator settings (configuration keys such as <c>DrainSafe:DryRun</c>).</summary>
    public IDictionary<string, string?> OperatorSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>How many agents run.</summary>
    public int AgentCount => agents.Count;

    /// <summary>Starts the operator (leader-elected on a Lease in <c>default</c>).</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartOperatorAsync(CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "None",
            ["Operator:Health:Port"] = "0",
            ["Operator:Health:Host"] = "127.0.0.1",
            ["Operator:LeaderElection:LeaseNamespace"] = "default",
            ["Operator:LeaderElection:LeaseDuration"] = "00:00:04",
            ["Operator:LeaderElection:RenewDeadline"] = "00:00:03",
            ["Operator:LeaderElection:RetryPeriod"] = "00:00:00.500",
            ["Operator:Workers"] = "8",
            ["DrainSafe:EvictionRetryDelay"] = "00:00:00.500",
            ["DrainSafe:DeadlineMargin"] = "00:00:02",
        };
        foreach (var (key, value) in OperatorSettings)
        {
            settings[key] = value;
        }

        var token = DrainSafeServiceAccounts.IssueOperatorToken(cluster.Server.Authentication);
        operatorHost = OperatorHost.Create([], cluster.Server.CreateClientConfiguration(token), builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await operatorHost.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts an agent on every node that has none yet.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAgentsAsync(CancellationToken cancellationToken)
    {
        var running = agents.Count;
        foreach (var node in cluster.Store.List(BuiltInResources.Nodes).Items.Skip(running))
        {
            var vm = node.ToJsonObject()["metadata"]?["annotations"]?[SandboxNodeLabels.VmNameAnnotation]?.GetValue<string>() ?? node.Name;
            var agent = AgentHost.Create(new AgentOptions
            {
                NodeName = node.Name,
                ImdsBaseUrl = cluster.ImdsServer!.VmBaseAddress(vm).ToString(),
                PollInterval = AgentPollInterval,
                RetryInitialDelay = TimeSpan.FromMilliseconds(200),
                RetryMaxDelay = TimeSpan.FromSeconds(2),
                HealthPort = null,
            }, cluster.Server.CreateClientConfiguration(DrainSafeServiceAccounts.IssueAgentToken(cluster.Server.Authentication, node.Name)), logs);
            agents.Add(agent);
            await agent.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in agents.Append(operatorHost).OfType<IHost>())
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping took too long; disposing ends it.
            }

            host.Dispose();
        }
    }
}
