using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DrainSafe.Conformance.Tests.Backends;

/// <summary>The generated NodeMaintenance CRD (<c>config/crd/</c>) and how a test installs it.</summary>
public static class NodeMaintenanceCrd
{
    /// <summary>API group.</summary>
    public const string Group = "drainsafe.azure.com";

    /// <summary>Served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Plural resource name.</summary>
    public const string Plural = "nodemaintenances";

    /// <summary>Kind.</summary>
    public const string Kind = "NodeMaintenance";

    /// <summary>The CRD's name.</summary>
    public const string Name = Plural + "." + Group;

    /// <summary>The apiVersion of NodeMaintenance objects.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The collection path of NodeMaintenances.</summary>
    public const string CollectionPath = "/apis/" + Group + "/" + Version + "/" + Plural;

    /// <summary>Path of the generated CRD file in the repository.</summary>
    public static string FilePath => RepositoryRoot.Combine("config", "crd", $"{Group}_{Plural}.yaml");

    /// <summary>Reads the generated CRD file.</summary>
    public static V1CustomResourceDefinition Load()
    {
        if (!File.Exists(FilePath))
        {
            throw new FileNotFoundException(
                $"The generated NodeMaintenance CRD is missing at {FilePath}; the CRD generator (DrainSafe.Operator generate) writes it.", FilePath);
        }

        return KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(FilePath));
    }

    /// <summary>Creates the CRD (or finds it created) and waits until it is Established.</summary>
    public static async Task<V1CustomResourceDefinition> InstallAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Load(), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier test against the same server.
        }
        catch (HttpOperationException exception)
        {
            throw new InvalidOperationException(
                $"The server refused the generated CRD {FilePath}: {(int)exception.Response.StatusCode} {exception.Response.Content}", exception);
        }

        return await Eventually.ReturnsAsync(
            async ct =>
            {
                var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(Name, cancellationToken: ct);
                return IsEstablished(crd) ? crd : null;
            },
            $"CRD {Name} to become Established",
            cancellationToken);
    }

    /// <summary>True when the CRD's Established condition is True.</summary>
    public static bool IsEstablished(V1CustomResourceDefinition crd) =>
        crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;
}
