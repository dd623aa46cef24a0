using System.Text.Json.Nodes;
using k8s.Models;

namespace DrainSafe.Operator.Sdk.Client;

/// <summary>
/// Builds an RFC 6902 JSON Patch, usually guarded by a <c>test</c> of the resourceVersion so that it applies only to the
/// object as it was read (the server answers 422 otherwise: re-read and retry).
/// </summary>
public sealed class JsonPatchBuilder
{
    private readonly JsonArray operations = [];

    /// <summary>True when nothing but tests were added.</summary>
    public bool IsEmpty => operations.All(o => (string?)o?["op"] == "test");

    /// <summary>Escapes one path segment (<c>~</c> and <c>/</c>), e.g. an annotation key.</summary>
    /// <param name="segment">The segment.</param>
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Fails the patch unless <c>metadata.resourceVersion</c> is still <paramref name="resourceVersion"/>.</summary>
    /// <param name="resourceVersion">The version the object was read at.</param>
    public JsonPatchBuilder TestResourceVersion(string resourceVersion) => Test("/metadata/resourceVersion", resourceVersion);

    /// <summary>Adds a <c>test</c> operation.</summary>
    /// <param name="path">The JSON pointer.</param>
    /// <param name="value">The value that must be there.</param>
    public JsonPatchBuilder Test(string path, JsonNode? value) => Op("test", path, value);

    /// <summary>Adds an <c>add</c> operation (which replaces an existing member).</summary>
    /// <param name="path">The JSON pointer.</param>
    /// <param name="value">The value.</param>
    public JsonPatchBuilder Add(string path, JsonNode? value) => Op("add", path, value);

    /// <summary>Adds a <c>replace</c> operation.</summary>
    /// <param name="path">The JSON pointer.</param>
    /// <param name="value">The value.</param>
    public JsonPatchBuilder Replace(string path, JsonNode? value) => Op("replace", path, value);

    /// <summary>Adds a <c>remove</c> operation.</summary>
    /// <param name="path">The JSON pointer.</param>
    public JsonPatchBuilder Remove(string path)
    {
        operations.Add(new JsonObject { ["op"] = "remove", ["path"] = path });
        return this;
    }

    /// <summary>The patch as the body KubernetesClient sends.</summary>
    public V1Patch ToPatch() => new(ToString(), V1Patch.PatchType.JsonPatch);

    /// <inheritdoc />
    public override string ToString() => operations.ToJsonString();

    private JsonPatchBuilder Op(string op, string path, JsonNode? value)
    {
        operations.Add(new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value });
        return this;
    }
}
