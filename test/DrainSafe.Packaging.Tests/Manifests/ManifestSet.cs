using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace DrainSafe.Packaging.Tests.Manifests;

/// <summary>
/// The Kubernetes objects of a multi-document YAML stream (helm template, kubectl kustomize, a committed file) as JSON
/// trees, so two renderings can be compared with <see cref="JsonNode.DeepEquals"/>. Scalars stay strings, as YAML wrote them.
/// </summary>
public sealed partial class ManifestSet
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    private ManifestSet(IReadOnlyList<JsonObject> objects) => Objects = objects;

    /// <summary>The objects, in stream order.</summary>
    public IReadOnlyList<JsonObject> Objects { get; }

    /// <summary>Parses every non-empty document of <paramref name="yaml"/>.</summary>
    public static ManifestSet Parse(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(Deserializer.Deserialize<object?>(parser)) is JsonObject manifest)
            {
                objects.Add(manifest);
            }
        }

        return new ManifestSet(objects);
    }

    /// <summary>Parses the files, in order, as one set.</summary>
    public static ManifestSet ParseFiles(IEnumerable<string> paths) =>
        Parse(string.Join("\n---\n", paths.Select(File.ReadAllText)));

    /// <summary>The kinds, in stream order.</summary>
    public IEnumerable<string> Kinds => Objects.Select(KindOf);

    /// <summary>The objects of <paramref name="kind"/>.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => KindOf(o) == kind);

    /// <summary>The one object of <paramref name="kind"/> named <paramref name="name"/>; fails the test when it is missing.</summary>
    public JsonObject Single(string kind, string name)
    {
        var matches = OfKind(kind).Where(o => NameOf(o) == name).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} {name}, found {matches.Count}; the objects are: {string.Join(", ", Objects.Select(o => $"{KindOf(o)}/{NameOf(o)}"))}");
        return matches[0];
    }

    /// <summary>The object's kind.</summary>
    public static string KindOf(JsonObject manifest) => (string?)manifest["kind"] ?? "";

    /// <summary>The object's name.</summary>
    public static string NameOf(JsonObject manifest) => (string?)manifest["metadata"]?["name"] ?? "";

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(e => KeyValuePair.Create(Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, ToJson(e.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(Canonical(Convert.ToString(value, CultureInfo.InvariantCulture)!)),
    };

    // Tools write the same number differently (kustomize "0", helm's CRD output "0.0"): compare numbers by value.
    private static string Canonical(string scalar) =>
        Number().IsMatch(scalar) && decimal.TryParse(scalar, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("G29", CultureInfo.InvariantCulture)
            : scalar;

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();
}
