using System.Globalization;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy and test on JSON pointers.</summary>
public static class JsonPatch
{
    /// <summary>Applies the operations in order; a failed operation (or test) is a 422 Invalid.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var root = new JsonObject { ["doc"] = document };
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw ApiErrors.BadRequest("json patch operation must be an object");
            }

            var op = (string?)operation["op"];
            var path = (string?)operation["path"] ?? throw Rejected();
            switch (op)
            {
                case "add":
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Get(root, (string?)operation["from"] ?? throw Rejected())?.DeepClone();
                    Remove(root, (string)operation["from"]!);
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Get(root, (string?)operation["from"] ?? throw Rejected())?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw Rejected();
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest($"Unexpected kind: {op}");
            }
        }

        var result = root["doc"];
        root.Remove("doc");
        return result;
    }

    private static ApiException Rejected() =>
        new(new ApiStatus(422, "Invalid", "the server rejected our request due to an error in our request"));

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string path)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            throw Rejected();
        }

        var tokens = path.Length == 0 ? [] : path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        JsonNode parent = root;
        var token = "doc";
        foreach (var next in tokens)
        {
            parent = Child(parent, token) ?? throw Rejected();
            token = next;
        }

        return (parent, token);
    }

    private static JsonNode? Child(JsonNode parent, string token) => parent switch
    {
        JsonObject obj => obj[token],
        JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        return parent switch
        {
            JsonObject obj when obj.ContainsKey(token) => obj[token],
            JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
            _ => throw Rejected(),
        };
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Rejected();
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(token):
                obj.Remove(token);
                break;
            case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count:
                array.RemoveAt(i);
                break;
            default:
                throw Rejected();
        }
    }
}
