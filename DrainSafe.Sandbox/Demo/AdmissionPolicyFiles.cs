using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Resources;
using DrainSafe.Sandbox.Api.Store;

namespace DrainSafe.Sandbox.Demo;

/// <summary>Finds the repository's admission policy (config/admission) and installs it in the sandbox, as shipped.</summary>
public static class AdmissionPolicyFiles
{
    /// <summary>The kustomization of the policy, relative to the repository root.</summary>
    public const string RelativePath = "config/admission/kustomization.yaml";

    /// <summary>The kustomization, searched upwards from the working directory and from the program's directory; null if absent.</summary>
    public static string? Locate() => RepositoryFile.Locate(RelativePath);

    /// <summary>
    /// Creates every ValidatingAdmissionPolicy and binding the kustomization at <paramref name="kustomizationPath"/> lists;
    /// returns their names, or throws with what is wrong with a file.
    /// </summary>
    public static IReadOnlyList<string> Install(ObjectStore store, string kustomizationPath)
    {
        ArgumentNullException.ThrowIfNull(store);
        var directory = Path.GetDirectoryName(Path.GetFullPath(kustomizationPath))!;
        var names = new List<string>();
        try
        {
            var kustomization = YamlToJson.Convert(File.ReadAllText(kustomizationPath));
            foreach (var file in (kustomization["resources"] as JsonArray ?? []).Select(r => (string?)r).OfType<string>())
            {
                var path = Path.Combine(directory, file);
                var obj = YamlToJson.Convert(File.ReadAllText(path));
                var resource = (string?)obj["kind"] switch
                {
                    "ValidatingAdmissionPolicy" => BuiltInResources.ValidatingAdmissionPolicies,
                    "ValidatingAdmissionPolicyBinding" => BuiltInResources.ValidatingAdmissionPolicyBindings,
                    var kind => throw new FormatException($"{path}: kind {kind} is not an admission policy or binding"),
                };
                names.Add(store.Create(resource, obj).Name);
            }
        }
        catch (Exception ex) when (ex is ApiException or FormatException or YamlDotNet.Core.YamlException or IOException)
        {
            throw new InvalidOperationException($"{kustomizationPath} could not be installed: {ex.Message}", ex);
        }

        return names;
    }
}
