using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Demo;

/// <summary>Finds the generated NodeMaintenance CRD of the repository and installs it in the sandbox.</summary>
public static class CustomResourceDefinitionFile
{
    /// <summary>The CRD's path relative to the repository root.</summary>
    public const string RelativePath = "config/crd/drainsafe.azure.com_nodemaintenances.yaml";

    /// <summary>The CRD file, searched upwards from the working directory and from the program's directory; null if absent.</summary>
    public static string? Locate() => RepositoryFile.Locate(RelativePath);

    /// <summary>Installs the CRD from <paramref name="path"/>; returns its name, or throws with what is wrong with the file.</summary>
    public static string Install(ObjectStore store, string path)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var crd = YamlToJson.Convert(File.ReadAllText(path));
            return store.Create(BuiltInResources.CustomResourceDefinitions, crd).Name;
        }
        catch (Exception ex) when (ex is ApiException or FormatException or YamlDotNet.Core.YamlException or IOException)
        {
            throw new InvalidOperationException($"{path} could not be installed: {ex.Message}", ex);
        }
    }
}
