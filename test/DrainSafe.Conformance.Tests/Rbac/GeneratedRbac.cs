using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Conformance.Tests.Rbac;

/// <summary>The generated RBAC manifests (<c>config/rbac/*.yaml</c>) and how a test applies them to a server.</summary>
public static class GeneratedRbac
{
    /// <summary>The folder the RBAC generator writes.</summary>
    public static string Folder => RepositoryRoot.Combine("config", "rbac");

    /// <summary>Creates every object of every manifest in <see cref="Folder"/>; returns "Kind/name" of each.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(IKubernetes admin, string defaultNamespace, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No generated RBAC manifests in {Folder}; the RBAC generator (DrainSafe.Operator generate) writes them.");
        }

        var applied = new List<string>();
        foreach (var file in files)
        {
            foreach (var item in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file, cancellationToken)))
            {
                applied.Add(await CreateAsync(admin, item, defaultNamespace, file, cancellationToken));
            }
        }

        return applied;
    }

    private static async Task<string> CreateAsync(IKubernetes admin, object item, string defaultNamespace, string file, CancellationToken ct)
    {
        try
        {
            switch (item)
            {
                case V1ClusterRole role:
                    await admin.RbacAuthorizationV1.CreateClusterRoleAsync(role, cancellationToken: ct);
                    return $"ClusterRole/{role.Metadata.Name}";
                case V1ClusterRoleBinding binding:
                    await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding, cancellationToken: ct);
                    return $"ClusterRoleBinding/{binding.Metadata.Name}";
                case V1Role role:
                    await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, role.Metadata.NamespaceProperty ?? defaultNamespace, cancellationToken: ct);
                    return $"Role/{role.Metadata.Name}";
                case V1RoleBinding binding:
                    await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, binding.Metadata.NamespaceProperty ?? defaultNamespace, cancellationToken: ct);
                    return $"RoleBinding/{binding.Metadata.Name}";
                case V1ServiceAccount account:
                    await admin.CoreV1.CreateNamespacedServiceAccountAsync(account, account.Metadata.NamespaceProperty ?? defaultNamespace, cancellationToken: ct);
                    return $"ServiceAccount/{account.Metadata.Name}";
                case V1Namespace ns:
                    await admin.CoreV1.CreateNamespaceAsync(ns, cancellationToken: ct);
                    return $"Namespace/{ns.Metadata.Name}";
                default:
                    throw new InvalidOperationException($"{file} holds a {item.GetType().Name}, which the RBAC tests do not know how to apply.");
            }
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return $"{item.GetType().Name} (already there)";
        }
        catch (HttpOperationException exception)
        {
            throw new InvalidOperationException($"Applying a {item.GetType().Name} from {file} failed: {exception.Response.Content}", exception);
        }
    }
}
