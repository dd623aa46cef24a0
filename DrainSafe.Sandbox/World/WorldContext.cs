using DrainSafe.Sandbox.World.State;
using DrainSafe.Sandbox.World.Timing;
using Microsoft.Extensions.Logging;

namespace DrainSafe.Sandbox.World;

/// <summary>What every simulated controller of the world loop works with. Used only on the loop.</summary>
internal sealed class WorldContext(WorldOptions options, WorldFaults faults, ClusterState state, StoreWriter writer, ILogger logger)
{
    public WorldOptions Options => options;

    public WorldFaults Faults => faults;

    /// <summary>How long a new PDB spec waits for the disruption controller: the fault when switched on, else the option.</summary>
    public TimeSpan DisruptionControllerDelay => faults.DisruptionControllerDelay ?? options.DisruptionControllerDelay;

    public TimeProvider Time => options.Time;

    public ClusterState State => state;

    public StoreWriter Writer => writer;

    public ILogger Logger => logger;

    private bool _retryPlanned;

    public DueQueue Due { get; } = new();

    /// <summary>The work of the next controller pass.</summary>
    public PendingWork Pending { get; } = new();

    /// <summary>Work whose writes failed; it joins <see cref="Pending"/> after <see cref="WorldOptions.RetryDelay"/>.</summary>
    public PendingWork Deferred { get; } = new();

    public DateTimeOffset Now => options.Time.GetUtcNow();

    /// <summary>Retries a workload after the retry delay.</summary>
    public void RetryWorkload(string uid)
    {
        Deferred.Workloads.Add(uid);
        ScheduleRetry();
    }

    /// <summary>Retries a PDB after the retry delay.</summary>
    public void RetryPdb(string key)
    {
        Deferred.Pdbs.Add(key);
        ScheduleRetry();
    }

    /// <summary>Retries a pod's kubelet or scheduler work after the retry delay.</summary>
    public void RetryPod(string key)
    {
        Deferred.Pods.Add(key);
        Deferred.Schedule = true;
        ScheduleRetry();
    }

    /// <summary>The retry delay is over: deferred work joins the next pass.</summary>
    public void RetryDue()
    {
        _retryPlanned = false;
        Deferred.MoveTo(Pending);
    }

    private void ScheduleRetry()
    {
        if (!_retryPlanned)
        {
            _retryPlanned = true;
            Due.Add(Now + options.RetryDelay, new TimedWork(TimedWorkKind.Retry, string.Empty, string.Empty));
        }
    }
}
