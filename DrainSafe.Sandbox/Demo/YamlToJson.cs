using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DrainSafe.Sandbox.Demo;

/// <summary>Converts a YAML document to JSON as kubectl does: plain scalars become booleans, numbers or null where they look like one.</summary>
internal static class YamlToJson
{
    public static JsonObject Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || Node(stream.Documents[0].RootNode) is not JsonObject root)
        {
            throw new FormatException("the YAML document is empty or not a mapping");
        }

        return root;
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Node).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var json = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            json[((YamlScalarNode)key).Value ?? string.Empty] = Node(value);
        }

        return json;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small) => JsonValue.Create(small),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.Contains('_') => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
