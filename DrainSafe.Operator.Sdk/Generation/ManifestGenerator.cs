using System.Text;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// Renders a <see cref="ManifestPlan"/> into files:
/// <c>config/crd/{group}_{plural}.yaml</c> and its copy in the chart's <c>crds/</c>, a copy of each ClusterRole in the
/// chart (when the plan names a directory for them),
/// <c>config/rbac/{component}-clusterrole.yaml</c>, <c>-serviceaccount.yaml</c> and <c>-clusterrolebinding.yaml</c>,
/// a <c>kustomization.yaml</c> in <c>crd/</c> and <c>rbac/</c> (so <c>config/default</c> can use them as bases),
/// <c>config/default/namespace.yaml</c>, and <c>config/kustomization.yaml</c> listing the namespace, the CRDs and the
/// RBAC (<c>kubectl apply -k config</c>; <c>config/default</c> adds the workloads and the admission policy).
/// </summary>
public static class ManifestGenerator
{
    /// <summary>The files of <paramref name="plan"/>, in a stable order.</summary>
    /// <param name="plan">What to generate.</param>
    public static IReadOnlyList<GeneratedFile> Render(ManifestPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var config = new List<GeneratedFile>
        {
            new("config/" + NamespaceFile, ManifestYaml.Serialize(new V1Namespace
            {
                ApiVersion = V1Namespace.KubeApiVersion,
                Kind = V1Namespace.KubeKind,
                Metadata = new V1ObjectMeta
                {
                    Name = plan.Namespace,
                    Labels = plan.NamespaceLabels.Count > 0 ? new SortedDictionary<string, string>(plan.NamespaceLabels.ToDictionary(), StringComparer.Ordinal) : null,
                },
            })),
        };

        var crds = new List<GeneratedFile>();
        var charts = new List<GeneratedFile>();
        foreach (var entity in plan.Entities)
        {
            var crd = CustomResourceDefinitionGenerator.Generate(entity);
            var fileName = $"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml";
            var yaml = ManifestYaml.Serialize(crd);
            crds.Add(new GeneratedFile($"config/crd/{fileName}", yaml));
            charts.Add(new GeneratedFile($"{plan.ChartCrdDirectory.TrimEnd('/')}/{fileName}", yaml));
        }

        var rbac = new List<GeneratedFile>();
        foreach (var component in plan.Components.OrderBy(c => c.FileStem, StringComparer.Ordinal))
        {
            var role = ManifestYaml.Serialize(RbacGenerator.ClusterRole(component));
            rbac.Add(new GeneratedFile($"config/rbac/{component.FileStem}-clusterrole.yaml", role));
            if (plan.ChartRbacDirectory is { } chartRbac)
            {
                charts.Add(new GeneratedFile($"{chartRbac.TrimEnd('/')}/{component.FileStem}-clusterrole.yaml", role));
            }

            rbac.Add(new GeneratedFile($"config/rbac/{component.FileStem}-clusterrolebinding.yaml", ManifestYaml.Serialize(RbacGenerator.ClusterRoleBinding(component))));
            rbac.Add(new GeneratedFile($"config/rbac/{component.FileStem}-serviceaccount.yaml", ManifestYaml.Serialize(RbacGenerator.ServiceAccount(component))));
        }

        config.AddRange(crds);
        config.Add(new GeneratedFile("config/crd/kustomization.yaml", Kustomization(crds.Select(f => f.RelativePath["config/crd/".Length..]))));
        config.AddRange(rbac);
        config.Add(new GeneratedFile("config/rbac/kustomization.yaml", Kustomization(rbac.Select(f => f.RelativePath["config/rbac/".Length..]))));
        config.Add(new GeneratedFile("config/kustomization.yaml", Kustomization([NamespaceFile, "crd", "rbac"])));
        return [.. config, .. charts];
    }

    // In default/, the overlay with everything, which cannot use config/ itself as a base (kustomize sees a cycle).
    private const string NamespaceFile = "default/namespace.yaml";

    // Written by hand: KubernetesYaml knows only Kubernetes models, and this document is three lines.
    private static string Kustomization(IEnumerable<string> resources)
    {
        var yaml = new StringBuilder()
            .Append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
            .Append("kind: Kustomization\n")
            .Append("resources:\n");
        foreach (var resource in resources)
        {
            yaml.Append("- ").Append(resource).Append('\n');
        }

        return ManifestYaml.WithHeader(yaml.ToString());
    }
}
