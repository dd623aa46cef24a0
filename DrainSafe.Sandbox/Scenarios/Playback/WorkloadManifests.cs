using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Operator.Sdk.Entities;
using k8s.Models;

namespace DrainSafe.Sandbox.Scenarios.Playback;

/// <summary>The Kubernetes objects of a scenario's workloads: controllers, bare pods and their PodDisruptionBudgets.</summary>
public static class WorkloadManifests
{
    /// <summary>The label every workload's pods carry, with the workload's name.</summary>
    public const string AppLabel = "app";

    /// <summary>The image of every simulated container.</summary>
    public const string Image = "registry.k8s.io/pause:3.10";

    /// <summary>A Namespace.</summary>
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = EntityDefinition.For<V1Namespace>().ApiVersion,
        ["kind"] = EntityDefinition.For<V1Namespace>().Kind,
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    /// <summary>The objects of one workload (its PDB included), in creation order.</summary>
    public static IReadOnlyList<(string Kind, JsonObject Manifest)> For(WorkloadSpec workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var objects = new List<(string, JsonObject)>();
        switch (workload.Kind)
        {
            case WorkloadKind.Deployment:
                objects.Add(("Deployment", Deployment(workload.Namespace, workload.Name, workload.Replicas, workload.GracePeriodSeconds, workload.EmptyDir)));
                break;
            case WorkloadKind.StatefulSet:
                objects.Add(("StatefulSet", StatefulSet(workload.Namespace, workload.Name, workload.Replicas, workload.GracePeriodSeconds, workload.EmptyDir)));
                break;
            case WorkloadKind.DaemonSet:
                objects.Add(("DaemonSet", DaemonSet(workload.Namespace, workload.Name, workload.GracePeriodSeconds)));
                break;
            default:
                for (var i = 0; i < workload.Replicas; i++)
                {
                    var name = workload.Replicas == 1 ? workload.Name : string.Create(CultureInfo.InvariantCulture, $"{workload.Name}-{i}");
                    objects.Add(("Pod", BarePod(workload.Namespace, name, workload.Name, workload.Node, workload.GracePeriodSeconds, workload.EmptyDir)));
                }

                break;
        }

        if (workload.Pdb is { } pdb)
        {
            objects.Add(("PodDisruptionBudget", Pdb(workload.Namespace, workload.Name + "-pdb", workload.Name, pdb.MinAvailable, pdb.MaxUnavailable)));
        }

        return objects;
    }

    /// <summary>A Deployment of <paramref name="replicas"/> pods labelled <c>app: {name}</c>.</summary>
    public static JsonObject Deployment(string @namespace, string name, int replicas, int gracePeriodSeconds = 30, bool emptyDir = false) =>
        Controller("Deployment", @namespace, name, new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = Selector(name),
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate" },
            ["template"] = PodTemplate(name, gracePeriodSeconds, emptyDir),
        });

    /// <summary>A StatefulSet of pods <c>{name}-0</c>, <c>{name}-1</c>, ...</summary>
    public static JsonObject StatefulSet(string @namespace, string name, int replicas, int gracePeriodSeconds = 30, bool emptyDir = false,
        bool parallel = false)
    {
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = name,
            ["selector"] = Selector(name),
            ["template"] = PodTemplate(name, gracePeriodSeconds, emptyDir),
        };
        if (parallel)
        {
            spec["podManagementPolicy"] = "Parallel";
        }

        return Controller("StatefulSet", @namespace, name, spec);
    }

    /// <summary>A DaemonSet: one pod per node.</summary>
    public static JsonObject DaemonSet(string @namespace, string name, int gracePeriodSeconds = 30) =>
        Controller("DaemonSet", @namespace, name, new JsonObject
        {
            ["selector"] = Selector(name),
            ["template"] = PodTemplate(name, gracePeriodSeconds, emptyDir: false),
        });

    /// <summary>A pod without controller, bound to <paramref name="nodeName"/> when given.</summary>
    public static JsonObject BarePod(string @namespace, string name, string app, string? nodeName = null, int gracePeriodSeconds = 30, bool emptyDir = false)
    {
        var template = PodTemplate(app, gracePeriodSeconds, emptyDir);
        var spec = (JsonObject)template["spec"]!.DeepClone();
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        var metadata = (JsonObject)template["metadata"]!.DeepClone();
        metadata["name"] = name;
        metadata["namespace"] = @namespace;
        var pod = EntityDefinition.For<V1Pod>();
        return new JsonObject { ["apiVersion"] = pod.ApiVersion, ["kind"] = pod.Kind, ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>A policy/v1 PodDisruptionBudget over the pods labelled <c>app: {app}</c>; values are integers or percentages.</summary>
    public static JsonObject Pdb(string @namespace, string name, string app, string? minAvailable, string? maxUnavailable)
    {
        var spec = new JsonObject { ["selector"] = Selector(app) };
        if (minAvailable is not null)
        {
            spec["minAvailable"] = IntOrString(minAvailable);
        }

        if (maxUnavailable is not null)
        {
            spec["maxUnavailable"] = IntOrString(maxUnavailable);
        }

        return new JsonObject
        {
            ["apiVersion"] = EntityDefinition.For<V1PodDisruptionBudget>().ApiVersion,
            ["kind"] = EntityDefinition.For<V1PodDisruptionBudget>().Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = spec,
        };
    }

    private static JsonNode IntOrString(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);

    private static JsonObject Controller(string kind, string @namespace, string name, JsonObject spec) => new()
    {
        // Deployments, StatefulSets and DaemonSets share apps/v1.
        ["apiVersion"] = EntityDefinition.For<V1Deployment>().ApiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { [AppLabel] = name },
        },
        ["spec"] = spec,
    };

    private static JsonObject Selector(string app) => new() { ["matchLabels"] = new JsonObject { [AppLabel] = app } };

    private static JsonObject PodTemplate(string app, int gracePeriodSeconds, bool emptyDir)
    {
        var container = new JsonObject { ["name"] = app, ["image"] = Image };
        var spec = new JsonObject
        {
            ["terminationGracePeriodSeconds"] = gracePeriodSeconds,
            ["containers"] = new JsonArray(container),
        };
        if (emptyDir)
        {
            container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["mountPath"] = "/scratch" });
            spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [AppLabel] = app } },
            ["spec"] = spec,
        };
    }
}
