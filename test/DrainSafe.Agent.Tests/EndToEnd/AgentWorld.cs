using System.Net;
using DrainSafe.Agent.Options;
using DrainSafe.Entities;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Demo;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.World;
using DrainSafe.Sandbox.World.Nodes;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Agent.Tests.EndToEnd;

/// <summary>
/// A simulated cluster that serves IMDS over HTTP, with the NodeMaintenance CRD installed and a pool of nodes, and
/// real agents (their hosts) run in-process against it over HTTP, as the sandbox will run them. The admission policy
/// DrainSafe ships (config/admission) is enforced, and each agent authenticates with a token bound to its own node.
/// </summary>
internal sealed class AgentWorld : IAsyncDisposable
{
    public const string Pool = "pool1";

    /// <summary>The poll interval of test agents: the shortest the agent accepts.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<IHost> hosts = [];
    private readonly ILoggerFactory logFactory;

    private AgentWorld(SimulatedCluster cluster)
    {
        Cluster = cluster;
        logFactory = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
    }

    public SimulatedCluster Cluster { get; }

    public ImdsSimulator Imds => Cluster.Imds;

    public ObjectStore Store => Cluster.Store;

    public CollectedLogs Logs { get; } = new();

    public static async Task<AgentWorld> StartAsync(int nodes = 2, int imdsRequestsPerSecond = 0)
    {
        var cluster = await SimulatedCluster.StartAsync(new SimulatedClusterOptions
        {
            ServeImds = true,
            Imds = new ImdsOptions { RequestsPerWindow = imdsRequestsPerSecond },
            World = new WorldOptions { PodStartDelay = TimeSpan.FromMilliseconds(50), GracePeriodScale = 0.01 },
        });
        CustomResourceDefinitionFile.Install(cluster.Store, RepositoryRoot.Combine(CustomResourceDefinitionFile.RelativePath));
        AdmissionPolicyFiles.Install(cluster.Store, RepositoryRoot.Combine(AdmissionPolicyFiles.RelativePath));
        cluster.AddNodePool(Pool, nodes);
        return new AgentWorld(cluster);
    }

    public static string Node(int index) => new NodeRequest(Pool, index).Name;

    public static string Vm(int index) => new NodeRequest(Pool, index).VmName;

    /// <summary>Options of a test agent on node <paramref name="index"/>: short intervals, a free health port on loopback.</summary>
    public AgentOptions OptionsFor(int index) => new()
    {
        NodeName = Node(index),
        ImdsBaseUrl = Cluster.ImdsServer!.VmBaseAddress(Vm(index)).ToString(),
        PollInterval = PollInterval,
        ImdsRequestTimeout = TimeSpan.FromSeconds(2),
        ImdsFirstCallTimeout = TimeSpan.FromSeconds(10),
        RetryInitialDelay = TimeSpan.FromMilliseconds(200),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        ImdsStaleAfter = TimeSpan.FromSeconds(5),
        HealthPort = 0,
        HealthAddress = "127.0.0.1",
    };

    /// <summary>Starts an agent; by default with the agent service account's token bound to <paramref name="options"/>' node.</summary>
    public async Task<IHost> StartAgentAsync(AgentOptions options, string? token = null)
    {
        var host = AgentHost.Create(options, Cluster.Server.CreateClientConfiguration(token ?? AgentToken(options.NodeName ?? throw new ArgumentException("the options name no node", nameof(options)))), logFactory);
        hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public Task<IHost> StartAgentAsync(int index = 0) => StartAgentAsync(OptionsFor(index));

    /// <summary>The token the agent pod on <paramref name="nodeName"/> would have mounted.</summary>
    public string AgentToken(string nodeName) => DrainSafeServiceAccounts.IssueAgentToken(Cluster.Server.Authentication, nodeName);

    public async Task StopAgentAsync(IHost host)
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await host.StopAsync(timeout.Token);
        }

        host.Dispose();
        hosts.Remove(host);
    }

    public NodeMaintenance? Maintenance(int index = 0) => Store.Get<NodeMaintenance>(null, Node(index));

    /// <summary>Waits until node <paramref name="index"/>'s NodeMaintenance satisfies <paramref name="condition"/>.</summary>
    public Task<NodeMaintenance> WaitForMaintenanceAsync(Func<NodeMaintenance, bool> condition, string what, int index = 0, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            _ => Task.FromResult(Maintenance(index) is { } nm && condition(nm) ? nm : null),
            what,
            timeout: timeout ?? TimeSpan.FromSeconds(20),
            diagnostics: Diagnostics);

    public static bool Lists(NodeMaintenance nm, string eventId, ScheduledEventStatus? status = null) =>
        nm.Spec.Events.Any(e => e.EventId == eventId && (status is null || e.EventStatus == status));

    /// <summary>What the operator does when every listed node is drained: lists the event in status.approvableEventIds.</summary>
    public void MarkApprovable(int index, params string[] eventIds)
    {
        var ids = string.Join(",", eventIds.Select(id => $"\"{id}\""));
        Store.Patch(Store.ResourceFor<NodeMaintenance>(), null, Node(index), V1Patch.PatchType.MergePatch,
            $$$"""{"status":{"approvableEventIds":[{{{ids}}}]}}""", new WriteOptions { Subresource = "status" });
    }

    // Once approved it is Started for a few seconds; the reboot keeps the VM (and its IMDS) down for one of them.
    public string ScheduleEvent(params string[] resources) => ScheduleEvent(TimeSpan.FromSeconds(5), resources);

    /// <summary>A Reboot with 10 minutes' notice that, once started, stays Started for <paramref name="duration"/> and then leaves the document.</summary>
    public string ScheduleEvent(TimeSpan duration, params string[] resources) => Imds.ScheduleEvent(new ScheduledEventSpec
    {
        EventType = ImdsEventTypes.Reboot,
        Resources = resources,
        Notice = TimeSpan.FromMinutes(10),
        Duration = duration,
        ImpactDuration = TimeSpan.FromSeconds(1),
    });

    /// <summary>Waits until node <paramref name="index"/>'s IMDS has answered <paramref name="calls"/> more calls.</summary>
    public async Task WaitForImdsCallsAsync(int index, long calls, TimeSpan? timeout = null)
    {
        var target = Imds.GetVmStats(Vm(index)).Requests + calls;
        await Eventually.HoldsAsync(() => Imds.GetVmStats(Vm(index)).Requests >= target, $"{Vm(index)}'s IMDS has answered {calls} more calls",
            Diagnostics, timeout ?? TimeSpan.FromSeconds(40));
    }

    public static async Task<HttpStatusCode> GetStatusAsync(IHost host, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(host.HealthAddress()!, path));
        return response.StatusCode;
    }

    public static async Task<string> MetricsAsync(IHost host)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(host.HealthAddress()!, "metrics"));
    }

    public string Diagnostics() =>
        $"NodeMaintenance: {(Maintenance() is { } nm ? Store.Get(Store.ResourceFor<NodeMaintenance>(), null, nm.Metadata.Name) : "(none)")}\n"
        + $"IMDS approvals: {string.Join(", ", Imds.GetApprovals())}\nAgent log:\n{Logs.Tail()}";

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts.ToList())
        {
            try
            {
                await StopAgentAsync(host);
            }
            catch (OperationCanceledException)
            {
                host.Dispose();
            }
        }

        logFactory.Dispose();
        await Cluster.DisposeAsync();
    }
}
