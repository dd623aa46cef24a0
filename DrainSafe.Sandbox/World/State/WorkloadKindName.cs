namespace DrainSafe.Sandbox.World.State;

/// <summary>The apps/v1 controllers the world runs.</summary>
internal enum WorkloadKindName
{
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
}
