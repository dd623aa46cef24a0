using System.Text.Json;
using DrainSafe.Sandbox.Api.Resources;

namespace DrainSafe.Sandbox.Api.Discovery;

/// <summary>The discovery answers: /version, /api, /apis, /apis/{group}, and each group version's APIResourceList.</summary>
internal static class DiscoveryDocuments
{
    public static void WriteVersion(Utf8JsonWriter writer, string gitVersion)
    {
        var parts = gitVersion.TrimStart('v').Split('.');
        writer.WriteStartObject();
        writer.WriteString("major", parts.ElementAtOrDefault(0) ?? "1");
        writer.WriteString("minor", parts.ElementAtOrDefault(1) ?? "32");
        writer.WriteString("gitVersion", gitVersion);
        writer.WriteString("gitCommit", "0000000000000000000000000000000000000000");
        writer.WriteString("gitTreeState", "clean");
        writer.WriteString("buildDate", "2025-01-01T00:00:00Z");
        writer.WriteString("goVersion", "go1.23.0");
        writer.WriteString("compiler", "gc");
        writer.WriteString("platform", "linux/amd64");
        writer.WriteEndObject();
    }

    public static void WriteCoreVersions(Utf8JsonWriter writer, string serverAddress)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "APIVersions");
        writer.WriteStartArray("versions");
        writer.WriteStringValue("v1");
        writer.WriteEndArray();
        writer.WriteStartArray("serverAddressByClientCIDRs");
        writer.WriteStartObject();
        writer.WriteString("clientCIDR", "0.0.0.0/0");
        writer.WriteString("serverAddress", serverAddress);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteGroupList(Utf8JsonWriter writer, ResourceRegistry registry)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "APIGroupList");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartArray("groups");
        foreach (var group in Groups(registry))
        {
            WriteGroupBody(writer, group.Key, group.Value);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes /apis/{group}; false when the group is not served.</summary>
    public static bool TryWriteGroup(Utf8JsonWriter writer, ResourceRegistry registry, string group)
    {
        var versions = Groups(registry).FirstOrDefault(g => g.Key == group).Value;
        if (versions is null)
        {
            return false;
        }

        WriteGroupBody(writer, group, versions, withKind: true);
        return true;
    }

    /// <summary>Writes the APIResourceList of a group version; false when it is not served.</summary>
    public static bool TryWriteResourceList(Utf8JsonWriter writer, ResourceRegistry registry, string group, string version)
    {
        var resources = registry.InGroupVersion(group, version);
        if (resources.Count == 0)
        {
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("kind", "APIResourceList");
        writer.WriteString("apiVersion", "v1");
        writer.WriteString("groupVersion", group.Length == 0 ? version : $"{group}/{version}");
        writer.WriteStartArray("resources");
        foreach (var resource in resources)
        {
            WriteResource(writer, resource.Plural, resource.Singular, resource, ResourceType.StandardVerbs, resource.ShortNames, resource.Categories);
            if (resource.HasStatusSubresource)
            {
                WriteResource(writer, resource.Plural + "/status", string.Empty, resource, ["get", "patch", "update"], [], []);
            }

            if (resource.Group.Length == 0 && resource.Plural == "pods")
            {
                writer.WriteStartObject();
                writer.WriteString("name", "pods/eviction");
                writer.WriteString("singularName", string.Empty);
                writer.WriteBoolean("namespaced", true);
                writer.WriteString("group", "policy");
                writer.WriteString("version", "v1");
                writer.WriteString("kind", "Eviction");
                writer.WriteStartArray("verbs");
                writer.WriteStringValue("create");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return true;
    }

    private static void WriteResource(Utf8JsonWriter writer, string name, string singular, ResourceType resource,
        IReadOnlyList<string> verbs, IReadOnlyList<string> shortNames, IReadOnlyList<string> categories)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("singularName", singular);
        writer.WriteBoolean("namespaced", resource.Namespaced);
        writer.WriteString("kind", resource.Kind);
        writer.WriteStartArray("verbs");
        foreach (var verb in verbs)
        {
            writer.WriteStringValue(verb);
        }

        writer.WriteEndArray();
        if (shortNames.Count > 0)
        {
            writer.WriteStartArray("shortNames");
            foreach (var shortName in shortNames)
            {
                writer.WriteStringValue(shortName);
            }

            writer.WriteEndArray();
        }

        if (categories.Count > 0)
        {
            writer.WriteStartArray("categories");
            foreach (var category in categories)
            {
                writer.WriteStringValue(category);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteGroupBody(Utf8JsonWriter writer, string group, List<string> versions, bool withKind = false)
    {
        writer.WriteStartObject();
        if (withKind)
        {
            writer.WriteString("kind", "APIGroup");
            writer.WriteString("apiVersion", "v1");
        }

        writer.WriteString("name", group);
        writer.WriteStartArray("versions");
        foreach (var version in versions)
        {
            WriteGroupVersion(writer, group, version);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("preferredVersion");
        WriteGroupVersion(writer, group, versions[0]);
        writer.WriteEndObject();
    }

    private static void WriteGroupVersion(Utf8JsonWriter writer, string group, string version)
    {
        writer.WriteStartObject();
        writer.WriteString("groupVersion", $"{group}/{version}");
        writer.WriteString("version", version);
        writer.WriteEndObject();
    }

    /// <summary>The named groups in discovery order, each with its versions sorted preferred first.</summary>
    private static List<KeyValuePair<string, List<string>>> Groups(ResourceRegistry registry) =>
        registry.GroupVersions
            .Where(gv => gv.Group.Length > 0)
            .GroupBy(gv => gv.Group)
            .Select(g => new KeyValuePair<string, List<string>>(g.Key, VersionPriority.Sort(g.Select(gv => gv.Version))))
            .ToList();
}
