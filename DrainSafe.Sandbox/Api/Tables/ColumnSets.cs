using System.Globalization;
using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Tables;

/// <summary>The Table columns of each resource: printer columns for CRD-defined ones, kubectl's for built-ins.</summary>
internal static class ColumnSets
{
    private const string NameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private const string AgeDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.";

    private static readonly TableColumn Name = new(new PrinterColumn("Name", "string", ".metadata.name", NameDescription, 0, "name"),
        (root, _) => Text(root, ".metadata.name"));

    private static readonly TableColumn Age = new(new PrinterColumn("Age", "date", ".metadata.creationTimestamp", AgeDescription),
        (root, now) => HumanDuration.Since(Text(root, ".metadata.creationTimestamp"), now));

    private static readonly TableColumn Containers = new(new PrinterColumn("Containers", "string", string.Empty, "Names of each container in the template.", 1),
        (root, _) => JoinedStrings(root, ".spec.template.spec.containers[*].name"));

    private static readonly TableColumn Images = new(new PrinterColumn("Images", "string", string.Empty, "Images referenced by each container in the template.", 1),
        (root, _) => JoinedStrings(root, ".spec.template.spec.containers[*].image"));

    private static readonly TableColumn Selector = new(new PrinterColumn("Selector", "string", string.Empty, "Label selector for pods.", 1),
        (root, _) => LabelSelectorText(root));

    /// <summary>The columns of a resource's Table.</summary>
    public static IReadOnlyList<TableColumn> For(ResourceType resource)
    {
        if (resource.IsCustom || resource.PrinterColumns.Count > 0)
        {
            return Custom(resource);
        }

        return (resource.Group, resource.Plural) switch
        {
            ("", "nodes") => Nodes(),
            ("", "pods") => Pods(),
            ("", "namespaces") => [Name, Column("Status", ".status.phase"), Age],
            ("policy", "poddisruptionbudgets") =>
            [
                Name, Column("Min Available", ".spec.minAvailable", "N/A"), Column("Max Unavailable", ".spec.maxUnavailable", "N/A"),
                new(new PrinterColumn("Allowed Disruptions", "integer", string.Empty), (root, _) => Integer(root, ".status.disruptionsAllowed") ?? 0L),
                Age,
            ],
            ("apps", "deployments") =>
            [
                Name,
                new(new PrinterColumn("Ready", "string", string.Empty, "Number of the pod with ready state"), (root, _) =>
                    $"{Integer(root, ".status.readyReplicas") ?? 0}/{Integer(root, ".spec.replicas") ?? 0}"),
                new(new PrinterColumn("Up-to-date", "integer", string.Empty), (root, _) => Integer(root, ".status.updatedReplicas") ?? 0L),
                new(new PrinterColumn("Available", "integer", string.Empty), (root, _) => Integer(root, ".status.availableReplicas") ?? 0L),
                Age, Containers, Images, Selector,
            ],
            ("apps", "replicasets") =>
            [
                Name,
                new(new PrinterColumn("Desired", "integer", string.Empty, "Replicas is the number of desired replicas."),
                    (root, _) => Integer(root, ".spec.replicas") ?? 0L),
                new(new PrinterColumn("Current", "integer", string.Empty, "Replicas is the most recently observed number of replicas."),
                    (root, _) => Integer(root, ".status.replicas") ?? 0L),
                new(new PrinterColumn("Ready", "integer", string.Empty, "The number of ready replicas for this replica set."),
                    (root, _) => Integer(root, ".status.readyReplicas") ?? 0L),
                Age, Containers, Images, Selector,
            ],
            ("apps", "statefulsets") =>
            [
                Name,
                new(new PrinterColumn("Ready", "string", string.Empty, "Number of the pod with ready state"), (root, _) =>
                    $"{Integer(root, ".status.readyReplicas") ?? 0}/{Integer(root, ".spec.replicas") ?? 0}"),
                Age, Containers, Images,
            ],
            ("apps", "daemonsets") =>
            [
                Name,
                new(new PrinterColumn("Desired", "integer", string.Empty, "The total number of nodes that should be running the daemon pod."),
                    (root, _) => Integer(root, ".status.desiredNumberScheduled") ?? 0L),
                new(new PrinterColumn("Current", "integer", string.Empty, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                    (root, _) => Integer(root, ".status.currentNumberScheduled") ?? 0L),
                new(new PrinterColumn("Ready", "integer", string.Empty, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                    (root, _) => Integer(root, ".status.numberReady") ?? 0L),
                new(new PrinterColumn("Up-to-date", "integer", string.Empty, "The total number of nodes that are running updated daemon pod"),
                    (root, _) => Integer(root, ".status.updatedNumberScheduled") ?? 0L),
                new(new PrinterColumn("Available", "integer", string.Empty, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
                    (root, _) => Integer(root, ".status.numberAvailable") ?? 0L),
                new(new PrinterColumn("Node Selector", "string", string.Empty, "NodeSelector is a selector which must be true for the pod to fit on a node."),
                    (root, _) => NodeSelector(root)),
                Age, Containers, Images, Selector,
            ],
            _ => [Name, Age],
        };
    }

    private static List<TableColumn> Custom(ResourceType resource)
    {
        var columns = new List<TableColumn> { Name };
        var printer = resource.PrinterColumns.Count > 0
            ? resource.PrinterColumns
            : [Age.Definition];
        foreach (var definition in printer)
        {
            var description = definition.Description.Length > 0 || !resource.IsCustom
                ? definition.Description
                : $"Custom resource definition column (in JSONPath format): {definition.JsonPath}";
            if (definition == Age.Definition)
            {
                columns.Add(Age);
                continue;
            }

            columns.Add(new TableColumn(definition with { Description = description }, resource.IsCustom
                ? (root, now) => CustomCell(root, definition, now)
                : (root, _) => Text(root, definition.JsonPath)));
        }

        return columns;
    }

    /// <summary>A printer column cell the way the apiextensions table convertor computes it.</summary>
    private static object? CustomCell(JsonElement root, PrinterColumn column, DateTimeOffset now)
    {
        if (SimpleJsonPath.First(root, column.JsonPath) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return column.Type switch
        {
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var i) ? i : null,
            "number" => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null,
            "date" => value.ValueKind == JsonValueKind.String ? HumanDuration.Since(value.GetString(), now) : null,
            _ => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
        };
    }

    private static List<TableColumn> Nodes() =>
    [
        Name,
        new(new PrinterColumn("Status", "string", string.Empty, "The status of the node"), (root, _) => NodeStatus(root)),
        new(new PrinterColumn("Roles", "string", string.Empty, "The roles of the node"), (root, _) => NodeRoles(root)),
        Age,
        new(new PrinterColumn("Version", "string", string.Empty, "Kubelet Version reported by the node."),
            (root, _) => Text(root, ".status.nodeInfo.kubeletVersion") ?? string.Empty),
        new(new PrinterColumn("Internal-IP", "string", string.Empty, "List of internal IPs for the node.", 1), (root, _) => NodeAddress(root, "InternalIP")),
        new(new PrinterColumn("External-IP", "string", string.Empty, "List of external IPs for the node.", 1), (root, _) => NodeAddress(root, "ExternalIP")),
        new(new PrinterColumn("OS-Image", "string", string.Empty, "OS image reported by the node.", 1),
            (root, _) => Text(root, ".status.nodeInfo.osImage") ?? "<unknown>"),
        new(new PrinterColumn("Kernel-Version", "string", string.Empty, "Kernel version reported by the node.", 1),
            (root, _) => Text(root, ".status.nodeInfo.kernelVersion") ?? "<unknown>"),
        new(new PrinterColumn("Container-Runtime", "string", string.Empty, "Container runtime and version reported by the node.", 1),
            (root, _) => Text(root, ".status.nodeInfo.containerRuntimeVersion") ?? "<unknown>"),
    ];

    private static List<TableColumn> Pods() =>
    [
        Name,
        new(new PrinterColumn("Ready", "string", string.Empty, "The aggregate readiness state of this pod for accepting traffic."), (root, _) => PodReady(root)),
        new(new PrinterColumn("Status", "string", string.Empty, "The aggregate status of the containers in this pod."), (root, _) => PodStatus(root)),
        new(new PrinterColumn("Restarts", "string", string.Empty, "The number of times the containers in this pod have been restarted."),
            (root, _) => SimpleJsonPath.Evaluate(root, ".status.containerStatuses[*].restartCount")
                .Where(e => e.ValueKind == JsonValueKind.Number).Sum(e => e.GetInt64()).ToString(CultureInfo.InvariantCulture)),
        Age,
        new(new PrinterColumn("IP", "string", string.Empty, "IP address allocated to the pod.", 1), (root, _) => Text(root, ".status.podIP") ?? "<none>"),
        new(new PrinterColumn("Node", "string", string.Empty, "Name of the Node this pod is bound to.", 1), (root, _) => Text(root, ".spec.nodeName") ?? "<none>"),
        new(new PrinterColumn("Nominated Node", "string", string.Empty, "Name of the node where the pod is nominated.", 1),
            (root, _) => Text(root, ".status.nominatedNodeName") ?? "<none>"),
        new(new PrinterColumn("Readiness Gates", "string", string.Empty, "Pod readiness gates.", 1), (_, _) => "<none>"),
    ];

    private static object NodeStatus(JsonElement root)
    {
        var ready = SimpleJsonPath.Evaluate(root, ".status.conditions[*]")
            .FirstOrDefault(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("type", out var t) && t.GetString() == "Ready");
        var status = ready.ValueKind == JsonValueKind.Object && ready.TryGetProperty("status", out var s)
            ? s.GetString() switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" }
            : "Unknown";
        if (SimpleJsonPath.First(root, ".spec.unschedulable") is { ValueKind: JsonValueKind.True })
        {
            status += ",SchedulingDisabled";
        }

        return status;
    }

    private static object NodeRoles(JsonElement root)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (SimpleJsonPath.First(root, ".metadata.labels") is { ValueKind: JsonValueKind.Object } labels)
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (label.Name.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
                {
                    roles.Add(label.Name["node-role.kubernetes.io/".Length..]);
                }
                else if (label.Name == "kubernetes.io/role" && label.Value.GetString() is { Length: > 0 } role)
                {
                    roles.Add(role);
                }
            }
        }

        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static object NodeAddress(JsonElement root, string type)
    {
        var addresses = SimpleJsonPath.Evaluate(root, ".status.addresses[*]")
            .Where(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("type", out var t) && t.GetString() == type)
            .Select(a => a.TryGetProperty("address", out var v) ? v.GetString() : null)
            .OfType<string>().ToList();
        return addresses.Count == 0 ? "<none>" : string.Join(",", addresses);
    }

    private static object PodReady(JsonElement root)
    {
        var total = SimpleJsonPath.Evaluate(root, ".spec.containers[*]").Count;
        var ready = SimpleJsonPath.Evaluate(root, ".status.containerStatuses[*].ready").Count(e => e.ValueKind == JsonValueKind.True);
        return $"{ready}/{total}";
    }

    private static object PodStatus(JsonElement root)
    {
        if (Text(root, ".metadata.deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        foreach (var state in SimpleJsonPath.Evaluate(root, ".status.containerStatuses[*].state"))
        {
            foreach (var kind in new[] { "waiting", "terminated" })
            {
                if (state.ValueKind == JsonValueKind.Object && state.TryGetProperty(kind, out var detail)
                    && detail.TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }

        return Text(root, ".status.reason") ?? Text(root, ".status.phase") ?? "Unknown";
    }

    private static string JoinedStrings(JsonElement root, string path) => string.Join(",",
        SimpleJsonPath.Evaluate(root, path).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()));

    /// <summary>The template's nodeSelector as <c>k=v,...</c> sorted by key, like labels.FormatLabels.</summary>
    private static string NodeSelector(JsonElement root)
    {
        if (SimpleJsonPath.First(root, ".spec.template.spec.nodeSelector") is not { ValueKind: JsonValueKind.Object } selector)
        {
            return "<none>";
        }

        var pairs = selector.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal).ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary>spec.selector the way metav1.FormatLabelSelector prints it: requirements sorted by key.</summary>
    private static string LabelSelectorText(JsonElement root)
    {
        if (SimpleJsonPath.First(root, ".spec.selector") is not { ValueKind: JsonValueKind.Object } selector)
        {
            return "<none>";
        }

        var requirements = new List<(string Key, string Text)>();
        if (selector.TryGetProperty("matchLabels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            requirements.AddRange(labels.EnumerateObject().Select(p => (p.Name, $"{p.Name}={p.Value.GetString()}")));
        }

        if (selector.TryGetProperty("matchExpressions", out var expressions) && expressions.ValueKind == JsonValueKind.Array)
        {
            foreach (var expression in expressions.EnumerateArray())
            {
                var key = expression.TryGetProperty("key", out var k) ? k.GetString() ?? string.Empty : string.Empty;
                var values = expression.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
                    ? string.Join(",", v.EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal))
                    : string.Empty;
                var text = (expression.TryGetProperty("operator", out var o) ? o.GetString() : null) switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key,
                    "DoesNotExist" => "!" + key,
                    _ => key,
                };
                requirements.Add((key, text));
            }
        }

        return requirements.Count == 0 ? "<none>" : string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    private static TableColumn Column(string name, string path, string? missing = null) =>
        new(new PrinterColumn(name, "string", path), (root, _) =>
            SimpleJsonPath.First(root, path) is { } value && value.ValueKind != JsonValueKind.Null
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : missing);

    private static string? Text(JsonElement root, string path) =>
        SimpleJsonPath.First(root, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static long? Integer(JsonElement root, string path) =>
        SimpleJsonPath.First(root, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;
}
