using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DrainSafe.Bench.OperatorScale;

/// <summary>
/// Nodes and pods shaped and sized like an AKS cluster's: a Node lists the images its kubelet pulled (dozens, each with
/// a digest and a tag) with the kubelet's and the cloud controller's managedFields; a pod has a ReplicaSet or DaemonSet
/// owner, the service-account token volume, probes, resources, a status with container statuses, and managedFields.
/// </summary>
internal static class AksObjects
{
    public const string DaemonSetNamespace = "kube-system";
    public const string DaemonSetName = "kube-proxy";

    private const string Timestamp = "2026-12-01T08:00:00Z";

    private static readonly string[] ImageNames =
    [
        "mcr.microsoft.com/oss/kubernetes/kube-proxy", "mcr.microsoft.com/containernetworking/azure-cns", "mcr.microsoft.com/containernetworking/cni-dropgz",
        "mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi", "mcr.microsoft.com/oss/kubernetes-csi/azurefile-csi", "mcr.microsoft.com/oss/kubernetes-csi/csi-node-driver-registrar",
        "mcr.microsoft.com/oss/kubernetes-csi/livenessprobe", "mcr.microsoft.com/oss/kubernetes/coredns", "mcr.microsoft.com/oss/kubernetes/autoscaler/cluster-proportional-autoscaler",
        "mcr.microsoft.com/azuremonitor/containerinsights/ciprod", "mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent", "mcr.microsoft.com/aks/ip-masq-agent-v2",
        "mcr.microsoft.com/oss/kubernetes/metrics-server", "mcr.microsoft.com/oss/kubernetes/pause", "mcr.microsoft.com/oss/calico/node", "mcr.microsoft.com/oss/calico/cni",
        "mcr.microsoft.com/oss/calico/typha", "mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager", "mcr.microsoft.com/oss/open-policy-agent/gatekeeper",
        "mcr.microsoft.com/aks/eraser/eraser", "mcr.microsoft.com/oss/kubernetes/kube-state-metrics", "mcr.microsoft.com/oss/secrets-store-csi-driver/driver",
        "mcr.microsoft.com/oss/azure/secrets-store/provider-azure", "mcr.microsoft.com/oss/kubernetes/ingress/nginx-ingress-controller", "mcr.microsoft.com/oss/cilium/cilium",
        "mcr.microsoft.com/oss/envoyproxy/envoy", "docker.io/library/nginx", "docker.io/library/redis", "docker.io/bitnami/postgresql", "ghcr.io/example/shop-web",
        "ghcr.io/example/shop-api", "ghcr.io/example/checkout", "ghcr.io/example/payments", "ghcr.io/example/catalog", "ghcr.io/example/search-indexer",
        "quay.io/prometheus/node-exporter", "quay.io/prometheus/prometheus", "grafana/promtail", "otel/opentelemetry-collector-contrib", "fluent/fluent-bit",
        "registry.k8s.io/external-dns/external-dns", "quay.io/jetstack/cert-manager-controller", "quay.io/jetstack/cert-manager-webhook", "ghcr.io/fluxcd/source-controller",
        "ghcr.io/fluxcd/kustomize-controller", "ghcr.io/example/worker", "ghcr.io/example/notifications", "ghcr.io/example/reports",
        "ghcr.io/example/search-api", "ghcr.io/example/recommendations",
    ];

    /// <summary>Images a node lists: the kubelet's default cap (nodeStatusMaxImages 50), which a busy AKS node reaches.</summary>
    public static int ImagesPerNode => ImageNames.Length;

    /// <summary>Azure disks attached to each node (CSI volumes of StatefulSets).</summary>
    public const int VolumesPerNode = 8;

    public static string NodeName(int index) => string.Create(CultureInfo.InvariantCulture, $"aks-pool{index / 1000}-{index / 1000 + 31415926}-vmss{index % 1000:D6}");

    public static string VmName(int index) => string.Create(CultureInfo.InvariantCulture, $"aks-pool{index / 1000}-{index / 1000 + 31415926}-vmss_{index % 1000}");

    /// <summary>An AKS node: labels, annotations, 50 images, ten conditions, attached disks, and managedFields of its writers.</summary>
    public static JsonObject Node(int index)
    {
        var name = NodeName(index);
        var pool = string.Create(CultureInfo.InvariantCulture, $"pool{index / 1000}");
        var labels = new JsonObject
        {
            ["agentpool"] = pool, ["beta.kubernetes.io/arch"] = "amd64", ["beta.kubernetes.io/instance-type"] = "Standard_D8s_v5", ["beta.kubernetes.io/os"] = "linux",
            ["failure-domain.beta.kubernetes.io/region"] = "westeurope", ["failure-domain.beta.kubernetes.io/zone"] = Zone(index),
            ["kubernetes.azure.com/agentpool"] = pool, ["kubernetes.azure.com/cluster"] = "MC_rg-shop_aks-shop_westeurope", ["kubernetes.azure.com/consolidated-additional-properties"] = Hex(index, 40),
            ["kubernetes.azure.com/kubelet-identity-client-id"] = Guid(index, 1), ["kubernetes.azure.com/mode"] = "user", ["kubernetes.azure.com/node-image-version"] = "AKSUbuntu-2204gen2containerd-202411.12.0",
            ["kubernetes.azure.com/nodepool-type"] = "VirtualMachineScaleSets", ["kubernetes.azure.com/os-sku"] = "Ubuntu", ["kubernetes.azure.com/role"] = "agent",
            ["kubernetes.azure.com/storageprofile"] = "managed", ["kubernetes.azure.com/storagetier"] = "Premium_LRS", ["kubernetes.io/arch"] = "amd64", ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux", ["kubernetes.io/role"] = "agent", ["node-role.kubernetes.io/agent"] = "", ["node.kubernetes.io/instance-type"] = "Standard_D8s_v5",
            ["storageprofile"] = "managed", ["storagetier"] = "Premium_LRS", ["topology.disk.csi.azure.com/zone"] = "westeurope-" + Zone(index),
            ["topology.kubernetes.io/region"] = "westeurope", ["topology.kubernetes.io/zone"] = "westeurope-" + Zone(index),
        };
        var images = new JsonArray();
        for (var i = 0; i < ImageNames.Length; i++)
        {
            var tag = string.Create(CultureInfo.InvariantCulture, $"v1.{(index + i) % 30}.{i}");
            images.Add(new JsonObject
            {
                ["names"] = new JsonArray($"{ImageNames[i]}@sha256:{Hex(index * 100 + i, 64)}", $"{ImageNames[i]}:{tag}"),
                ["sizeBytes"] = 10_000_000L + (i * 7_654_321L),
            });
        }

        var conditions = new JsonArray(
            Condition("KernelDeadlock", "False", "KernelHasNoDeadlock", "kernel has no deadlock"),
            Condition("ReadonlyFilesystem", "False", "FilesystemIsNotReadOnly", "Filesystem is not read-only"),
            Condition("FrequentContainerdRestart", "False", "NoFrequentContainerdRestart", "containerd is functioning properly"),
            Condition("FilesystemCorruptionProblem", "False", "FilesystemIsOK", "Filesystem is healthy"),
            Condition("FrequentKubeletRestart", "False", "NoFrequentKubeletRestart", "kubelet is functioning properly"),
            Condition("VMEventScheduled", "False", "NoVMEventScheduled", "VM has no scheduled event"),
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"));
        var attached = new JsonArray();
        var inUse = new JsonArray();
        for (var v = 0; v < VolumesPerNode; v++)
        {
            var handle = string.Create(CultureInfo.InvariantCulture,
                $"/subscriptions/{Guid(0, 9)}/resourceGroups/mc_rg-shop_aks-shop_westeurope/providers/Microsoft.Compute/disks/pvc-{Guid(index * 10 + v, 8)}");
            attached.Add(new JsonObject { ["name"] = "kubernetes.io/csi/disk.csi.azure.com^" + handle, ["devicePath"] = string.Empty });
            inUse.Add("kubernetes.io/csi/disk.csi.azure.com^" + handle);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject
                {
                    ["csi.volume.kubernetes.io/nodeid"] = $"{{\"disk.csi.azure.com\":\"{name}\",\"file.csi.azure.com\":\"{name}\"}}",
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
                ["managedFields"] = new JsonArray(
                    ManagedField("kubelet", "Update", null, new JsonObject
                    {
                        ["f:metadata"] = new JsonObject { ["f:annotations"] = Fields(".", "f:volumes.kubernetes.io/controller-managed-attach-detach"), ["f:labels"] = Fields(labels.Select(l => "f:" + l.Key).ToArray()) },
                        ["f:spec"] = Fields("f:providerID"),
                    }),
                    ManagedField("kubelet", "Update", "status", new JsonObject
                    {
                        ["f:status"] = new JsonObject
                        {
                            ["f:allocatable"] = Fields("f:cpu", "f:ephemeral-storage", "f:memory", "f:pods"),
                            ["f:capacity"] = Fields("f:cpu", "f:ephemeral-storage", "f:memory", "f:pods"),
                            ["f:conditions"] = Fields(conditions.Select(c => $"k:{{\"type\":\"{c!["type"]}\"}}").ToArray()),
                            ["f:images"] = new JsonObject(), ["f:nodeInfo"] = Fields("f:bootID", "f:kernelVersion", "f:osImage"), ["f:volumesInUse"] = new JsonObject(),
                        },
                    }),
                    ManagedField("node-problem-detector", "Update", "status", new JsonObject
                    {
                        ["f:status"] = new JsonObject { ["f:conditions"] = Fields(conditions.Take(6).Select(c => $"k:{{\"type\":\"{c!["type"]}\"}}").ToArray()) },
                    }),
                    ManagedField("cloud-node-manager", "Update", null, new JsonObject { ["f:metadata"] = new JsonObject { ["f:labels"] = Fields("f:topology.kubernetes.io/zone", "f:node.kubernetes.io/instance-type") } }),
                    ManagedField("kube-controller-manager", "Update", null, new JsonObject { ["f:metadata"] = new JsonObject { ["f:annotations"] = Fields("f:node.alpha.kubernetes.io/ttl") } }),
                    ManagedField("kube-controller-manager", "Update", "status", new JsonObject { ["f:status"] = new JsonObject { ["f:volumesAttached"] = Fields(".") } })),
            },
            ["spec"] = new JsonObject
            {
                ["providerID"] = string.Create(CultureInfo.InvariantCulture,
                    $"azure:///subscriptions/{Guid(0, 9)}/resourceGroups/mc_rg-shop_aks-shop_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-{pool}-{index / 1000 + 31415926}-vmss/virtualMachines/{index % 1000}"),
            },
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = string.Create(CultureInfo.InvariantCulture, $"10.{224 + (index / 65536)}.{index / 256 % 256}.{index % 256}") },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["allocatable"] = new JsonObject { ["cpu"] = "7820m", ["ephemeral-storage"] = "119703055367", ["hugepages-1Gi"] = "0", ["hugepages-2Mi"] = "0", ["memory"] = "28829028Ki", ["pods"] = "110" },
                ["capacity"] = new JsonObject { ["cpu"] = "8", ["ephemeral-storage"] = "129886128Ki", ["hugepages-1Gi"] = "0", ["hugepages-2Mi"] = "0", ["memory"] = "32863588Ki", ["pods"] = "110" },
                ["conditions"] = conditions,
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["images"] = images,
                ["volumesAttached"] = attached,
                ["volumesInUse"] = inUse,
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64", ["bootID"] = Guid(index, 2), ["containerRuntimeVersion"] = "containerd://1.7.23-1", ["kernelVersion"] = "5.15.0-1075-azure",
                    ["kubeProxyVersion"] = "v1.32.4", ["kubeletVersion"] = "v1.32.4", ["machineID"] = Hex(index, 32), ["operatingSystem"] = "linux",
                    ["osImage"] = "Ubuntu 22.04.5 LTS", ["systemUUID"] = Guid(index, 3),
                },
            },
        };
    }

    /// <summary>A Deployment's pod (ReplicaSet owner) or, with <paramref name="daemonSet"/>, the node's kube-proxy pod.</summary>
    public static JsonObject Pod(string @namespace, string app, int index, string nodeName, bool daemonSet)
    {
        var hash = Hex(app.GetHashCode(StringComparison.Ordinal), 10)[..10];
        var name = daemonSet ? $"{app}-{Suffix(index)}" : $"{app}-{hash}-{Suffix(index)}";
        var owner = daemonSet
            ? new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["name"] = app, ["uid"] = Guid(app.Length, 4), ["controller"] = true, ["blockOwnerDeletion"] = true }
            : new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{app}-{hash}", ["uid"] = Guid(app.GetHashCode(StringComparison.Ordinal), 5), ["controller"] = true, ["blockOwnerDeletion"] = true };
        var image = daemonSet ? "mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.32.4" : $"ghcr.io/example/{app}:1.{index % 7}.0";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["generateName"] = daemonSet ? $"{app}-" : $"{app}-{hash}-",
                ["labels"] = new JsonObject
                {
                    ["app"] = app, ["app.kubernetes.io/name"] = app, ["app.kubernetes.io/part-of"] = "shop", ["app.kubernetes.io/version"] = "1.0.0",
                    [daemonSet ? "controller-revision-hash" : "pod-template-hash"] = hash, ["azure.workload.identity/use"] = "true",
                },
                ["annotations"] = new JsonObject
                {
                    ["kubectl.kubernetes.io/restartedAt"] = Timestamp,
                    ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "9090",
                },
                ["ownerReferences"] = new JsonArray(owner),
                ["managedFields"] = new JsonArray(
                    ManagedField("kube-controller-manager", "Update", null, new JsonObject
                    {
                        ["f:metadata"] = new JsonObject
                        {
                            ["f:annotations"] = Fields(".", "f:kubectl.kubernetes.io/restartedAt", "f:prometheus.io/port", "f:prometheus.io/scrape"),
                            ["f:generateName"] = new JsonObject(),
                            ["f:labels"] = Fields(".", "f:app", "f:app.kubernetes.io/name", "f:app.kubernetes.io/part-of", "f:app.kubernetes.io/version", "f:pod-template-hash"),
                            ["f:ownerReferences"] = Fields(".", $"k:{{\"uid\":\"{owner["uid"]}\"}}"),
                        },
                        ["f:spec"] = new JsonObject
                        {
                            ["f:containers"] = new JsonObject
                            {
                                [$"k:{{\"name\":\"{app}\"}}"] = Fields(".", "f:env", "f:image", "f:imagePullPolicy", "f:livenessProbe", "f:name", "f:ports", "f:readinessProbe", "f:resources", "f:securityContext", "f:terminationMessagePath", "f:volumeMounts"),
                            },
                            ["f:dnsPolicy"] = new JsonObject(), ["f:enableServiceLinks"] = new JsonObject(), ["f:restartPolicy"] = new JsonObject(),
                            ["f:schedulerName"] = new JsonObject(), ["f:securityContext"] = new JsonObject(), ["f:terminationGracePeriodSeconds"] = new JsonObject(),
                        },
                    }),
                    ManagedField("kubelet", "Update", "status", new JsonObject
                    {
                        ["f:status"] = new JsonObject
                        {
                            ["f:conditions"] = Fields("k:{\"type\":\"ContainersReady\"}", "k:{\"type\":\"Initialized\"}", "k:{\"type\":\"PodReadyToStartContainers\"}", "k:{\"type\":\"PodScheduled\"}", "k:{\"type\":\"Ready\"}"),
                            ["f:containerStatuses"] = new JsonObject(), ["f:hostIP"] = new JsonObject(), ["f:hostIPs"] = new JsonObject(), ["f:phase"] = new JsonObject(),
                            ["f:podIP"] = new JsonObject(), ["f:podIPs"] = Fields(".", "k:{\"ip\":\"10.244.1.1\"}"), ["f:startTime"] = new JsonObject(),
                        },
                    })),
            },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = nodeName,
                ["serviceAccountName"] = app,
                ["terminationGracePeriodSeconds"] = 30,
                ["restartPolicy"] = "Always",
                ["dnsPolicy"] = "ClusterFirst",
                ["schedulerName"] = "default-scheduler",
                ["priority"] = 0,
                ["enableServiceLinks"] = true,
                ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = app,
                    ["image"] = image,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["name"] = "http", ["protocol"] = "TCP" }, new JsonObject { ["containerPort"] = 9090, ["name"] = "metrics", ["protocol"] = "TCP" }),
                    ["env"] = new JsonArray(
                        Env("ASPNETCORE_URLS", "http://+:8080"), Env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.monitoring:4317"),
                        Env("OTEL_SERVICE_NAME", app), Env("AZURE_CLIENT_ID", Guid(index, 6)), Env("AZURE_TENANT_ID", Guid(0, 7)),
                        Env("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token"), Env("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/")),
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" },
                        ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" },
                    },
                    ["livenessProbe"] = Probe("/healthz"),
                    ["readinessProbe"] = Probe("/readyz"),
                    ["securityContext"] = new JsonObject { ["allowPrivilegeEscalation"] = false, ["readOnlyRootFilesystem"] = true, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } },
                    ["terminationMessagePath"] = "/dev/termination-log",
                    ["terminationMessagePolicy"] = "File",
                    ["volumeMounts"] = new JsonArray(
                        new JsonObject { ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount", ["name"] = "kube-api-access", ["readOnly"] = true },
                        new JsonObject { ["mountPath"] = "/var/run/secrets/azure/tokens", ["name"] = "azure-identity-token", ["readOnly"] = true }),
                }),
                ["tolerations"] = new JsonArray(
                    new JsonObject { ["effect"] = "NoExecute", ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["tolerationSeconds"] = 300 },
                    new JsonObject { ["effect"] = "NoExecute", ["key"] = "node.kubernetes.io/unreachable", ["operator"] = "Exists", ["tolerationSeconds"] = 300 }),
                ["volumes"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "kube-api-access",
                        ["projected"] = new JsonObject
                        {
                            ["defaultMode"] = 420,
                            ["sources"] = new JsonArray(
                                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                                new JsonObject { ["configMap"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                                new JsonObject { ["downwardAPI"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["path"] = "namespace", ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } }) } }),
                        },
                    },
                    new JsonObject
                    {
                        ["name"] = "azure-identity-token",
                        ["projected"] = new JsonObject
                        {
                            ["defaultMode"] = 420,
                            ["sources"] = new JsonArray(new JsonObject { ["serviceAccountToken"] = new JsonObject { ["audience"] = "api://AzureADTokenExchange", ["expirationSeconds"] = 3600, ["path"] = "azure-identity-token" } }),
                        },
                    }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(
                    PodCondition("PodReadyToStartContainers"), PodCondition("Initialized"), PodCondition("Ready"), PodCondition("ContainersReady"), PodCondition("PodScheduled")),
                ["hostIP"] = "10.224.0.4",
                ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "10.224.0.4" }),
                ["podIP"] = string.Create(CultureInfo.InvariantCulture, $"10.244.{index / 256 % 256}.{index % 256}"),
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = string.Create(CultureInfo.InvariantCulture, $"10.244.{index / 256 % 256}.{index % 256}") }),
                ["qosClass"] = "Burstable",
                ["startTime"] = Timestamp,
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = app,
                    ["containerID"] = "containerd://" + Hex(index, 64),
                    ["image"] = image,
                    ["imageID"] = $"{image.Split(':')[0]}@sha256:{Hex(index + 7, 64)}",
                    ["ready"] = true,
                    ["restartCount"] = 0,
                    ["started"] = true,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Timestamp } },
                    ["lastState"] = new JsonObject(),
                }),
            },
        };
    }

    /// <summary>The kube-proxy DaemonSet its pods name as their controller (a drain skips them while it exists).</summary>
    public static JsonObject DaemonSet() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = DaemonSetName, ["namespace"] = DaemonSetNamespace },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = DaemonSetName } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = DaemonSetName } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = DaemonSetName, ["image"] = "mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.32.4" }) },
            },
        },
    };

    // The generated-name suffix, as the API server's (5 of 27 consonants and digits), unique per index below 27^5.
    private static string Suffix(int index)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> chars = stackalloc char[5];
        for (var i = 4; i >= 0; i--, index /= Alphabet.Length)
        {
            chars[i] = Alphabet[index % Alphabet.Length];
        }

        return new string(chars);
    }

    private static string Zone(int index) => ((index % 3) + 1).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Condition(string type, string status, string reason, string message) => new()
    {
        ["type"] = type, ["status"] = status, ["lastHeartbeatTime"] = Timestamp, ["lastTransitionTime"] = Timestamp, ["reason"] = reason, ["message"] = message,
    };

    private static JsonObject PodCondition(string type) => new() { ["type"] = type, ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = Timestamp };

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Probe(string path) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http", ["scheme"] = "HTTP" },
        ["initialDelaySeconds"] = 5, ["periodSeconds"] = 10, ["timeoutSeconds"] = 1, ["successThreshold"] = 1, ["failureThreshold"] = 3,
    };

    private static JsonObject ManagedField(string manager, string operation, string? subresource, JsonObject fields)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager, ["operation"] = operation, ["apiVersion"] = "v1", ["time"] = Timestamp, ["fieldsType"] = "FieldsV1", ["fieldsV1"] = fields,
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        return entry;
    }

    private static JsonObject Fields(params string[] names)
    {
        var fields = new JsonObject();
        foreach (var name in names)
        {
            fields[name] = new JsonObject();
        }

        return fields;
    }

    // Deterministic hex of the given length, different per seed (digests, ids): the sizes are what matter, not the values.
    private static string Hex(int seed, int length)
    {
        var builder = new StringBuilder(length);
        for (var block = 0; builder.Length < length; block++)
        {
            builder.Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}/{block}")))));
        }

        return builder.ToString(0, length);
    }

    private static string Guid(int seed, int kind)
    {
        var hex = Hex((seed * 31) + kind, 32);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
