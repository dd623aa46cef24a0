using System.Net;

namespace DrainSafe.Conformance.Tests.Install;

/// <summary>The objects an install of DrainSafe stores on Kubernetes 1.20 (no admission policy, PDB as policy/v1beta1).</summary>
internal static class InstalledObjects
{
    public const string Namespace = "drainsafe-system";

    /// <summary>The API paths of every object, to read back.</summary>
    public static readonly string[] Paths =
    [
        "/api/v1/namespaces/drainsafe-system",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodemaintenances.drainsafe.azure.com",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/drainsafe-operator",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/drainsafe-agent",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/drainsafe-operator",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/drainsafe-agent",
        "/api/v1/namespaces/drainsafe-system/serviceaccounts/drainsafe-operator",
        "/api/v1/namespaces/drainsafe-system/serviceaccounts/drainsafe-agent",
        "/apis/apps/v1/namespaces/drainsafe-system/deployments/drainsafe-operator",
        "/apis/apps/v1/namespaces/drainsafe-system/daemonsets/drainsafe-agent",
        "/apis/policy/v1beta1/namespaces/drainsafe-system/poddisruptionbudgets/drainsafe-operator",
    ];

    /// <summary>The paths of <see cref="Paths"/> that the server does not answer with the object (200).</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(HttpClient admin, CancellationToken ct)
    {
        var missing = new List<string>();
        foreach (var path in Paths)
        {
            using var response = await admin.GetAsync(path, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add($"{path} ({(int)response.StatusCode})");
            }
        }

        return missing;
    }
}
