using k8s;
using k8s.Models;

namespace DrainSafe.Conformance.Tests.Backends;

/// <summary>An API server the conformance facts run against: the sandbox's or a real kube-apiserver.</summary>
public interface IApiBackend
{
    /// <summary>Name for messages: "sandbox" or "kube-apiserver v1.20.2".</summary>
    string Name { get; }

    /// <summary>Skips (locally) or fails (in CI) the current test when the backend could not be started.</summary>
    void RequireAvailable();

    /// <summary>A KubernetesClient with full rights.</summary>
    IKubernetes Client { get; }

    /// <summary>A raw HTTP client with full rights, base address set: for exact wire shapes (Status, Table, watch lines).</summary>
    HttpClient Http { get; }

    /// <summary>A kubeconfig whose current context has full rights, for kubectl.</summary>
    string KubeconfigPath { get; }

    /// <summary>True when the server evaluates CRD <c>x-kubernetes-validations</c> (CEL) rules; kube-apiserver v1.20 ignores them.</summary>
    bool EnforcesCelValidationRules { get; }

    /// <summary>The generated NodeMaintenance CRD, created once per backend, after it became Established.</summary>
    Task<V1CustomResourceDefinition> NodeMaintenanceCrdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the server forget history before <paramref name="resourceVersion"/>, as etcd compaction does:
    /// afterwards a watch of ConfigMaps, or an exact list, from an older resourceVersion gets 410 Expired.
    /// </summary>
    Task ExpireHistoryBeforeAsync(string resourceVersion, CancellationToken cancellationToken);
}
