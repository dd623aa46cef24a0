using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Resources;

/// <summary>One served resource of one group version: its names, scope, verbs and traits.</summary>
public sealed class ResourceType
{
    /// <summary>The verbs every collection resource supports.</summary>
    public static readonly IReadOnlyList<string> StandardVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    /// <summary>API version inside the group, e.g. <c>v1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Kind, e.g. <c>Pod</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Plural resource name, e.g. <c>pods</c>.</summary>
    public required string Plural { get; init; }

    /// <summary>Singular resource name, e.g. <c>pod</c>.</summary>
    public required string Singular { get; init; }

    /// <summary>True when objects live in namespaces.</summary>
    public required bool Namespaced { get; init; }

    /// <summary>Short names (kubectl aliases).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories (for example <c>all</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True when the resource has a <c>/status</c> subresource (status isolation applies).</summary>
    public bool HasStatusSubresource { get; init; }

    /// <summary>True for CRD-defined resources.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Printer columns for the Table answer; empty means the default Name/Age.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>OpenAPI v3 schema of the object, if known (CRDs).</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>Extra field selector labels this resource supports besides metadata.name/namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>The apiVersion string: <c>v1</c> for core, otherwise <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The kind of the list, e.g. <c>PodList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The group-qualified resource used in messages: <c>pods</c> or <c>nodemaintenances.drainsafe.azure.com</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The group-qualified kind used in Invalid messages: <c>Pod</c> or <c>NodeMaintenance.drainsafe.azure.com</c>.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Identifies the storage shared by every version of the resource.</summary>
    public string StorageKey => GroupResource;

    /// <summary>Schema validator of a custom resource (null for built-ins).</summary>
    internal CustomResources.ICustomResourceValidator? Validator { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{ApiVersion}/{Plural}";
}
