using DrainSafe.Packaging.Tests.Manifests;

namespace DrainSafe.Packaging.Tests.Tools;

/// <summary>The chart and the kustomize overlays as the tools render them, with the arguments the tests share.</summary>
public static class Renderings
{
    /// <summary>The namespace config/default installs into; the chart is rendered into the same one for comparisons.</summary>
    public const string Namespace = "drainsafe-system";

    /// <summary>The chart's path below the repository root.</summary>
    public const string Chart = "charts/drainsafe";

    /// <summary>The API a cluster serves when it has ValidatingAdmissionPolicy (Kubernetes 1.30+).</summary>
    public const string ValidatingAdmissionPolicyApi = "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";

    /// <summary>The non-default values file of these tests.</summary>
    public static string NonDefaultValues => Path.Combine(AppContext.BaseDirectory, "values-nondefault.yaml");

    /// <summary><c>helm template drainsafe charts/drainsafe --namespace drainsafe-system</c> plus <paramref name="arguments"/>.</summary>
    public static async Task<ManifestSet> HelmTemplateAsync(params string[] arguments)
    {
        var output = (await Tool.Helm.RunAsync(["template", "drainsafe", Chart, "--namespace", Namespace, .. arguments])).EnsureSuccess();
        return ManifestSet.Parse(output);
    }

    /// <summary>The chart as a 1.30+ cluster gets it: with its CRDs and the admission policy.</summary>
    public static Task<ManifestSet> HelmTemplateForModernClusterAsync(params string[] arguments) =>
        HelmTemplateAsync(["--include-crds", "--api-versions", ValidatingAdmissionPolicyApi, .. arguments]);

    /// <summary><c>kubectl kustomize config/{overlay}</c>.</summary>
    public static async Task<ManifestSet> KustomizeAsync(string overlay)
    {
        var output = (await Tool.Kubectl.RunAsync("kustomize", RepositoryRoot.Combine("config", overlay))).EnsureSuccess();
        return ManifestSet.Parse(output);
    }
}
