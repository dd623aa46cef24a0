namespace DrainSafe.Sandbox.Scenarios;

// The YAML shape of a scenario file, bound by YamlDotNet; ScenarioLoader checks it and maps it to Scenario.
#pragma warning disable CS1591 // Plain binding targets: the README's scenario section documents each field.
public sealed class ScenarioDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Timeout { get; set; }
    public ClusterDocument? Cluster { get; set; }
    public List<TimelineDocument>? Timeline { get; set; }
    public ExpectDocument? Expect { get; set; }
}

public sealed class ClusterDocument
{
    public List<PoolDocument>? Pools { get; set; }
    public List<WorkloadDocument>? Workloads { get; set; }
    public List<string>? Cordoned { get; set; }
    public List<ExternalVmDocument>? ExternalVms { get; set; }
    public string? DisruptionControllerDelay { get; set; }
}

public sealed class ExternalVmDocument
{
    public string? Name { get; set; }
    public string? SharesPlacementGroupWith { get; set; }
}

public sealed class PoolDocument
{
    public string? Name { get; set; }
    public int? Nodes { get; set; }
    public int? MaxPods { get; set; }
}

public sealed class WorkloadDocument
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Namespace { get; set; }
    public int? Replicas { get; set; }
    public PdbDocument? Pdb { get; set; }
    public bool? EmptyDir { get; set; }
    public int? GracePeriodSeconds { get; set; }
    public string? Node { get; set; }
}

public sealed class PdbDocument
{
    public string? MinAvailable { get; set; }
    public string? MaxUnavailable { get; set; }
}

public sealed class TimelineDocument
{
    public string? At { get; set; }
    public string? Id { get; set; }
    public string? Event { get; set; }
    public List<string>? Vms { get; set; }
    public string? Notice { get; set; }
    public string? Source { get; set; }
    public string? Duration { get; set; }
    public bool? Started { get; set; }
    public string? Cancel { get; set; }
}

public sealed class ExpectDocument
{
    public List<string>? CordonedAtEnd { get; set; }
    public bool? NoPodsOnNodesUnderMaintenance { get; set; }
    public List<string>? Approved { get; set; }
    public List<string>? NotApproved { get; set; }
    public bool? NoEvictionAgainstPdb { get; set; }
}
#pragma warning restore CS1591
