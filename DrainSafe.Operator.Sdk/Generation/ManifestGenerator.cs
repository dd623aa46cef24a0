using System.Text;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>
/// Renders a <see cref="ManifestPlan"/> into files:
/// <c>config/crd/{group}_{plural}.yaml</c> and its copy in the chart's <c>crds/</c>,
/// <c>config/rbac/{component}-clusterrole.yaml</c>, <c>-serviceaccount.yaml</c> and <c>-clusterrolebinding.yaml</c>,
/// <c>config/namespace.yaml</c>, and <c>config/kustomization.yaml</c> listing them (<c>kubectl apply -k config</c>).
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
            new("config/namespace.yaml", ManifestYaml.Serialize(new V1Namespace
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

        var charts = new List<GeneratedFile>();
        foreach (var entity in plan.Entities)
        {
            var crd = CustomResourceDefinitionGenerator.Generate(entity);
            var fileName = $"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml";
            var yaml = ManifestYaml.Serialize(crd);
            config.Add(new GeneratedFile($"config/crd/{fileName}", yaml));
            charts.Add(new GeneratedFile($"{plan.ChartCrdDirectory.TrimEnd('/')}/{fileName}", yaml));
        }

        foreach (var component in plan.Components.OrderBy(c => c.FileStem, StringComparer.Ordinal))
        {
            config.Add(new GeneratedFile($"config/rbac/{component.FileStem}-clusterrole.yaml", ManifestYaml.Serialize(RbacGenerator.ClusterRole(component))));
            config.Add(new GeneratedFile($"config/rbac/{component.FileStem}-clusterrolebinding.yaml", ManifestYaml.Serialize(RbacGenerator.ClusterRoleBinding(component))));
            config.Add(new GeneratedFile($"config/rbac/{component.FileStem}-serviceaccount.yaml", ManifestYaml.Serialize(RbacGenerator.ServiceAccount(component))));
        }

        config.Add(new GeneratedFile("config/kustomization.yaml", Kustomization(config.Select(f => f.RelativePath["config/".Length..]))));
        return [.. config, .. charts];
    }

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
