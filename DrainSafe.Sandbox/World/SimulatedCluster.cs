using System.Globalization;
using DrainSafe.Sandbox.Api;
using DrainSafe.Sandbox.Api.Store;
using DrainSafe.Sandbox.Imds;
using DrainSafe.Sandbox.Imds.Http;
using DrainSafe.Sandbox.World.Disruption;
using DrainSafe.Sandbox.World.Maintenance;
using DrainSafe.Sandbox.World.Nodes;

namespace DrainSafe.Sandbox.World;

/// <summary>
/// A whole simulated AKS cluster: the sandbox API server with real eviction rules, the simulated control plane and
/// kubelets around it, and one simulated Azure IMDS where every node's VM is registered and whose maintenance
/// reboots, redeploys or deletes the nodes.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly SimulatedClusterOptions _options;

    private SimulatedCluster(SimulatedClusterOptions options, SandboxApiServer server, SimulatedWorld world, ImdsSimulator imds,
        ImdsServer? imdsServer, DisruptionBudgetEvictionPolicy evictions)
    {
        _options = options;
        Server = server;
        World = world;
        Imds = imds;
        ImdsServer = imdsServer;
        Evictions = evictions;
    }

    /// <summary>The API server (kubectl and KubernetesClient talk to it).</summary>
    public SandboxApiServer Server { get; }

    /// <summary>The store behind the API server, for in-process reads and writes.</summary>
    public ObjectStore Store => Server.Store;

    /// <summary>The simulated control plane and kubelets.</summary>
    public SimulatedWorld World { get; }

    /// <summary>The simulated Azure side of Scheduled Events for every VM of the cluster.</summary>
    public ImdsSimulator Imds { get; }

    /// <summary>The IMDS over HTTP, when <see cref="SimulatedClusterOptions.ServeImds"/> is set.</summary>
    public ImdsServer? ImdsServer { get; }

    /// <summary>The eviction rules the API server applies; observe decisions through its <see cref="DisruptionBudgetEvictionPolicy.Observed"/> event.</summary>
    public DisruptionBudgetEvictionPolicy Evictions { get; }

    /// <summary>The cluster's clock.</summary>
    public TimeProvider Time => _options.Time;

    /// <summary>Raised for every VM impact with the pods that were on the node at that moment.</summary>
    public event Action<VmImpactObservation>? VmImpacted
    {
        add => World.VmImpacted += value;
        remove => World.VmImpacted -= value;
    }

    /// <summary>Starts the API server, the world and the simulated IMDS.</summary>
    public static async Task<SimulatedCluster> StartAsync(SimulatedClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatedClusterOptions();
        var evictions = new DisruptionBudgetEvictionPolicy(options.Time);
        var server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions
        {
            Port = options.ApiServerPort,
            Time = options.Time,
            GracefulPodDeletion = true,
            EvictionPolicy = evictions,
            LoggerFactory = options.LoggerFactory,
        }, cancellationToken).ConfigureAwait(false);
        SimulatedWorld? world = null;
        try
        {
            world = await SimulatedWorld.StartAsync(server.Store,
                options.World with { Time = options.Time, LoggerFactory = options.World.LoggerFactory ?? options.LoggerFactory },
                cancellationToken).ConfigureAwait(false);
            var imdsLogger = options.LoggerFactory is { } factory ? Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<ImdsSimulator>(factory) : null;
            var imds = new ImdsSimulator(options.Time, world.VmImpacts, options.Imds, imdsLogger);
            var imdsServer = options.ServeImds ? await ImdsServer.StartAsync(imds, cancellationToken: cancellationToken).ConfigureAwait(false) : null;
            return new SimulatedCluster(options, server, world, imds, imdsServer, evictions);
        }
        catch
        {
            if (world is not null)
            {
                await world.DisposeAsync().ConfigureAwait(false);
            }

            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds a node and registers its VM with the simulated IMDS (in its pool's placement group).</summary>
    public StoredObject AddNode(NodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = World.AddNode(request);
        Imds.AddVm(request.VmName, PlacementGroupOf(request));
        return node;
    }

    /// <summary>
    /// Registers a VM with the simulated IMDS that is no node of this cluster: on Azure an availability set or
    /// placement group can hold VMs of another cluster, and their events reach this cluster's VMs of the group.
    /// </summary>
    /// <param name="vmName">The VM's compute name.</param>
    /// <param name="sharesPlacementGroupWith">A node of this cluster whose placement group the VM is in; null for none.</param>
    public void AddExternalVm(string vmName, NodeRequest? sharesPlacementGroupWith = null) =>
        Imds.AddVm(vmName, sharesPlacementGroupWith is { } node ? PlacementGroupOf(node) : null);

    /// <summary>Adds <paramref name="count"/> nodes of a pool, instances 0 to count-1.</summary>
    public IReadOnlyList<StoredObject> AddNodePool(string pool, int count, int maxPods = 110) =>
        Enumerable.Range(0, count).Select(i => AddNode(new NodeRequest(pool, i, maxPods))).ToList();

    /// <summary>Stops the IMDS, the world and the API server.</summary>
    public async ValueTask DisposeAsync()
    {
        Imds.Dispose();
        if (ImdsServer is not null)
        {
            await ImdsServer.DisposeAsync().ConfigureAwait(false);
        }

        await World.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }

    private string? PlacementGroupOf(NodeRequest request) => _options.PlacementGroupSize <= 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{request.Pool}-vmss-pg{request.Index / _options.PlacementGroupSize}");
}
