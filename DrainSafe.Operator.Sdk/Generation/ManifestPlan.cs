namespace DrainSafe.Operator.Sdk.Generation;

/// <summary>What the <c>generate</c> command produces for a product.</summary>
/// <param name="RepositoryMarker">A file at the repository root (e.g. <c>DrainSafe.sln</c>); the default output root is the nearest directory above the current one that holds it.</param>
/// <param name="Namespace">The namespace the components run in; the kustomize base creates it.</param>
/// <param name="NamespaceLabels">Labels for the namespace.</param>
/// <param name="Entities">The entity types to generate CRDs for.</param>
/// <param name="Components">The components to generate a ClusterRole, service account and binding for.</param>
/// <param name="ChartCrdDirectory">The Helm chart's <c>crds/</c> directory below the root, which gets a copy of each CRD.</param>
/// <param name="ChartRbacDirectory">A directory of the Helm chart below the root that gets a copy of each ClusterRole, for its templates to read the rules from (<c>.Files.Get</c>); null: none.</param>
public sealed record ManifestPlan(
    string RepositoryMarker,
    string Namespace,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    IReadOnlyList<Type> Entities,
    IReadOnlyList<RbacComponent> Components,
    string ChartCrdDirectory,
    string? ChartRbacDirectory = null);
