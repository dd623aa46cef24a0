using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DrainSafe.Sandbox.Scenarios;

/// <summary>Reads scenario YAML (built-in or from a file) and checks it, naming the field and the fix on error.</summary>
public static partial class ScenarioLoader
{
    private const string BuiltInPrefix = "DrainSafe.Sandbox.Scenarios.BuiltIn.";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>The scenario played when none is named.</summary>
    public const string DefaultScenario = "rolling-host-maintenance";

    /// <summary>Names of the scenarios shipped inside the sandbox, sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(ScenarioLoader).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(BuiltInPrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[BuiltInPrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads a built-in scenario by name, or a YAML file when <paramref name="nameOrPath"/> is a path.</summary>
    public static Scenario Load(string nameOrPath)
    {
        if (BuiltInNames.Contains(nameOrPath))
        {
            using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream(BuiltInPrefix + nameOrPath + ".yaml")!;
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), $"built-in scenario '{nameOrPath}'");
        }

        if (File.Exists(nameOrPath))
        {
            return Parse(File.ReadAllText(nameOrPath), nameOrPath);
        }

        throw new ScenarioFormatException(
            $"No scenario '{nameOrPath}': it is neither a built-in scenario ({string.Join(", ", BuiltInNames)}) nor a file.");
    }

    /// <summary>Parses scenario YAML; <paramref name="source"/> names it in error messages.</summary>
    public static Scenario Parse(string yaml, string source)
    {
        ScenarioDocument? doc;
        try
        {
            doc = Deserializer.Deserialize<ScenarioDocument>(yaml);
        }
        catch (YamlException e)
        {
            throw new ScenarioFormatException($"{source}: line {e.Start.Line}: {Innermost(e).Message}", e);
        }

        if (doc is null)
        {
            throw new ScenarioFormatException($"{source}: the file is empty.");
        }

        var errors = new List<string>();
        var scenario = Map(doc, errors);
        if (errors.Count > 0)
        {
            throw new ScenarioFormatException($"{source} is not a valid scenario:\n  - " + string.Join("\n  - ", errors));
        }

        return scenario!;
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static Scenario? Map(ScenarioDocument doc, List<string> errors)
    {
        var name = Required(doc.Name, "name", errors) ?? "";
        var pools = (doc.Cluster?.Pools ?? []).Select((p, i) => MapPool(p, $"cluster.pools[{i}]", errors)).ToList();
        if (pools.Count == 0)
        {
            errors.Add("cluster.pools: at least one node pool is required");
        }

        var nodeNames = pools.SelectMany(p => Enumerable.Range(0, p.Nodes).Select(i => SandboxNames.NodeName(p.Name, i))).ToHashSet();
        var vmNames = pools.SelectMany(p => Enumerable.Range(0, p.Nodes).Select(i => SandboxNames.VmName(p.Name, i))).ToHashSet();

        var workloads = (doc.Cluster?.Workloads ?? []).Select((w, i) => MapWorkload(w, $"cluster.workloads[{i}]", nodeNames, errors)).ToList();
        var cordoned = doc.Cluster?.Cordoned ?? [];
        foreach (var node in cordoned.Where(n => !nodeNames.Contains(n)))
        {
            errors.Add($"cluster.cordoned: '{node}' is not a node of the cluster (nodes are named like '{nodeNames.FirstOrDefault()}')");
        }

        var externalVms = (doc.Cluster?.ExternalVms ?? []).Select((v, i) => MapExternalVm(v, $"cluster.externalVms[{i}]", pools, nodeNames, errors)).ToList();
        var eventVmNames = vmNames.Concat(externalVms.Select(v => v.Name)).ToHashSet();
        var timeline = (doc.Timeline ?? []).Select((t, i) => MapStep(t, $"timeline[{i}]", eventVmNames, errors)).ToList();
        var stepIds = timeline.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var step in timeline.Where(t => t.Cancels is not null && !stepIds.Contains(t.Cancels)))
        {
            errors.Add($"timeline step '{step.Id}': cancels '{step.Cancels}', which is no step id");
        }

        var expect = doc.Expect ?? new ExpectDocument();
        foreach (var id in (expect.Approved ?? []).Concat(expect.NotApproved ?? []).Where(id => !stepIds.Contains(id)))
        {
            errors.Add($"expect: '{id}' is no timeline step id");
        }

        foreach (var node in (expect.CordonedAtEnd ?? []).Where(n => !nodeNames.Contains(n)))
        {
            errors.Add($"expect.cordonedAtEnd: '{node}' is not a node of the cluster");
        }

        var timeout = ParseDuration(doc.Timeout ?? "90s", "timeout", errors);
        var disruptionDelay = doc.Cluster?.DisruptionControllerDelay is { } delayText
            ? ParseDuration(delayText, "cluster.disruptionControllerDelay", errors)
            : TimeSpan.Zero;
        if (disruptionDelay >= timeout && timeout > TimeSpan.Zero)
        {
            errors.Add($"cluster.disruptionControllerDelay: '{doc.Cluster!.DisruptionControllerDelay}' must be shorter than the scenario's timeout ({doc.Timeout ?? "90s"}), or no eviction under a budget could succeed in time");
        }

        return new Scenario(
            name,
            doc.Description ?? "",
            new ClusterSpec(pools, workloads, cordoned) { ExternalVms = externalVms, DisruptionControllerDelay = disruptionDelay },
            timeline.OrderBy(t => t.At).ToList(),
            new ScenarioExpectations(
                expect.CordonedAtEnd ?? [],
                expect.NoPodsOnNodesUnderMaintenance ?? true,
                expect.Approved ?? [],
                expect.NotApproved ?? [],
                expect.NoEvictionAgainstPdb ?? true))
        {
            Timeout = timeout,
        };
    }

    private static NodePoolSpec MapPool(PoolDocument p, string at, List<string> errors)
    {
        var name = Required(p.Name, at + ".name", errors) ?? "pool";
        if (!DnsLabel().IsMatch(name))
        {
            errors.Add($"{at}.name: '{name}' must be a lowercase DNS label (a-z, 0-9, '-')");
        }

        var nodes = p.Nodes ?? 3;
        if (nodes is < 1 or > 10_000)
        {
            errors.Add($"{at}.nodes: {nodes} is out of range 1..10000");
        }

        var maxPods = p.MaxPods ?? 110;
        if (maxPods is < 1 or > 1_000)
        {
            errors.Add($"{at}.maxPods: {maxPods} is out of range 1..1000");
        }

        return new NodePoolSpec(name, nodes, maxPods);
    }

    private static WorkloadSpec MapWorkload(WorkloadDocument w, string at, HashSet<string> nodeNames, List<string> errors)
    {
        var name = Required(w.Name, at + ".name", errors) ?? "workload";
        if (!Enum.TryParse<WorkloadKind>(w.Kind, ignoreCase: true, out var kind))
        {
            errors.Add($"{at}.kind: '{w.Kind}' is not one of {string.Join(", ", Enum.GetNames<WorkloadKind>())}");
        }

        var replicas = w.Replicas ?? 1;
        if (replicas is < 0 or > 100_000)
        {
            errors.Add($"{at}.replicas: {replicas} is out of range 0..100000");
        }

        PdbSpec? pdb = null;
        if (w.Pdb is { } p)
        {
            if ((p.MinAvailable is null) == (p.MaxUnavailable is null))
            {
                errors.Add($"{at}.pdb: set exactly one of minAvailable and maxUnavailable");
            }

            foreach (var (field, value) in new[] { ("minAvailable", p.MinAvailable), ("maxUnavailable", p.MaxUnavailable) })
            {
                if (value is not null && !IntOrPercent().IsMatch(value))
                {
                    errors.Add($"{at}.pdb.{field}: '{value}' must be an integer or a percentage like '25%'");
                }
            }

            pdb = new PdbSpec(p.MinAvailable, p.MaxUnavailable);
        }

        if (w.Node is { } node && !nodeNames.Contains(node))
        {
            errors.Add($"{at}.node: '{node}' is not a node of the cluster");
        }

        var grace = w.GracePeriodSeconds ?? 30;
        if (grace is < 0 or > 3_600)
        {
            errors.Add($"{at}.gracePeriodSeconds: {grace} is out of range 0..3600");
        }

        return new WorkloadSpec(kind, name, w.Namespace ?? "default", replicas, pdb, w.EmptyDir ?? false, grace, w.Node);
    }

    private static ExternalVmSpec MapExternalVm(ExternalVmDocument v, string at, IReadOnlyList<NodePoolSpec> pools, HashSet<string> nodeNames, List<string> errors)
    {
        var name = Required(v.Name, at + ".name", errors) ?? "";
        if (pools.FirstOrDefault(p => name.StartsWith(p.Name + "-vmss", StringComparison.Ordinal)) is { } pool)
        {
            errors.Add($"{at}.name: '{name}' is named like a VM of pool '{pool.Name}'; name a VM of another cluster differently (e.g. 'other-cluster-vm-0')");
        }

        if (v.SharesPlacementGroupWith is { } node && !nodeNames.Contains(node))
        {
            errors.Add($"{at}.sharesPlacementGroupWith: '{node}' is not a node of the cluster (nodes are named like '{nodeNames.FirstOrDefault()}')");
        }

        return new ExternalVmSpec(name, v.SharesPlacementGroupWith);
    }

    private static TimelineStep MapStep(TimelineDocument t, string at, HashSet<string> vmNames, List<string> errors)
    {
        var id = t.Id ?? at;
        var when = ParseDuration(t.At ?? "0s", at + ".at", errors);
        if (t.Cancel is { } cancels)
        {
            return new TimelineStep(when, TimelineAction.Cancel, id, "", [], TimeSpan.Zero, "", TimeSpan.Zero, false, cancels);
        }

        var eventType = Required(t.Event, at + ".event", errors) ?? "Reboot";
        var vms = t.Vms ?? [];
        if (vms.Count == 0)
        {
            errors.Add($"{at}.vms: list the VM names the event affects (e.g. '{vmNames.FirstOrDefault()}')");
        }

        foreach (var vm in vms.Where(v => !vmNames.Contains(v)))
        {
            errors.Add($"{at}.vms: '{vm}' is not a VM of the cluster (VMs are named like '{vmNames.FirstOrDefault()}'; list a VM of another cluster in cluster.externalVms)");
        }

        var source = t.Source ?? "Platform";
        if (source is not ("Platform" or "User"))
        {
            errors.Add($"{at}.source: '{source}' must be Platform or User");
        }

        return new TimelineStep(
            when,
            TimelineAction.Schedule,
            id,
            eventType,
            vms,
            ParseDuration(t.Notice ?? "15s", at + ".notice", errors),
            source,
            ParseDuration(t.Duration ?? "5s", at + ".duration", errors),
            t.Started ?? false,
            null);
    }

    private static string? Required(string? value, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field}: required");
            return null;
        }

        return value;
    }

    /// <summary>Parses "500ms", "15s", "2m", "1h" (a bare number means seconds).</summary>
    internal static TimeSpan ParseDuration(string text, string field, List<string> errors)
    {
        var match = Duration().Match(text.Trim());
        if (!match.Success)
        {
            errors.Add($"{field}: '{text}' is not a duration like 500ms, 15s, 2m or 1h");
            return TimeSpan.Zero;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$")]
    private static partial Regex Duration();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[0-9]+%?$")]
    private static partial Regex IntOrPercent();
}
