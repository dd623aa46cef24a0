using System.Text;
using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.Http;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) that kubectl sends when it creates
/// built-in objects with its typed client (<c>kubectl create namespace|configmap|secret|serviceaccount</c>).
/// Only those kinds are known; anything else is a 415 naming the kind.
/// </summary>
internal static class ProtobufBodies
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly Message OwnerReference = new(new()
    {
        [1] = new("kind", Kind.String), [3] = new("name", Kind.String), [4] = new("uid", Kind.String),
        [5] = new("apiVersion", Kind.String), [6] = new("controller", Kind.Bool), [7] = new("blockOwnerDeletion", Kind.Bool),
    });

    private static readonly Message ObjectMeta = new(new()
    {
        [1] = new("name", Kind.String), [2] = new("generateName", Kind.String), [3] = new("namespace", Kind.String),
        [11] = new("labels", Kind.StringMap), [12] = new("annotations", Kind.StringMap),
        [13] = new("ownerReferences", Kind.MessageList, OwnerReference), [14] = new("finalizers", Kind.StringList),
    });

    private static readonly Dictionary<string, Message> Kinds = new(StringComparer.Ordinal)
    {
        ["Namespace"] = new(new()
        {
            [1] = new("metadata", Kind.Message, ObjectMeta),
            [2] = new("spec", Kind.Message, new Message(new() { [1] = new("finalizers", Kind.StringList) })),
        }),
        ["ConfigMap"] = new(new()
        {
            [1] = new("metadata", Kind.Message, ObjectMeta), [2] = new("data", Kind.StringMap),
            [3] = new("binaryData", Kind.BytesMap), [4] = new("immutable", Kind.Bool),
        }),
        ["Secret"] = new(new()
        {
            [1] = new("metadata", Kind.Message, ObjectMeta), [2] = new("data", Kind.BytesMap), [3] = new("type", Kind.String),
            [4] = new("stringData", Kind.StringMap), [5] = new("immutable", Kind.Bool),
        }),
        ["ServiceAccount"] = new(new()
        {
            [1] = new("metadata", Kind.Message, ObjectMeta),
            [3] = new("imagePullSecrets", Kind.MessageList, new Message(new() { [1] = new("name", Kind.String) })),
            [4] = new("automountServiceAccountToken", Kind.Bool),
        }),
    };

    private enum Kind
    {
        String,
        Bool,
        Message,
        MessageList,
        StringList,
        StringMap,
        BytesMap,
    }

    public static bool IsProtobuf(string? contentType) =>
        (contentType ?? string.Empty).Split(';')[0].Trim() == MediaType;

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiErrors.BadRequest("the protobuf body does not start with the Kubernetes envelope");
        }

        string? apiVersion = null;
        string? kind = null;
        ReadOnlyMemory<byte> raw = default;
        var envelope = new Reader(body.AsMemory(Magic.Length));
        while (envelope.Next(out var field, out var wireType))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = new Reader(envelope.Bytes());
                    while (typeMeta.Next(out var typeField, out var typeWire))
                    {
                        if (typeField == 1)
                        {
                            apiVersion = typeMeta.String();
                        }
                        else if (typeField == 2)
                        {
                            kind = typeMeta.String();
                        }
                        else
                        {
                            typeMeta.Skip(typeWire);
                        }
                    }

                    break;
                case 2:
                    raw = envelope.Bytes();
                    break;
                default:
                    envelope.Skip(wireType);
                    break;
            }
        }

        if (kind is null || !Kinds.TryGetValue(kind, out var schema))
        {
            throw ApiErrors.UnsupportedMediaType(
                $"the sandbox decodes protobuf bodies only for {string.Join(", ", Kinds.Keys)} (got {kind ?? "no kind"}); send application/json instead (for example kubectl apply -f)");
        }

        var obj = ReadMessage(new Reader(raw), schema);
        obj["kind"] = kind;
        obj["apiVersion"] = apiVersion;
        return obj;
    }

    private static JsonObject ReadMessage(Reader reader, Message schema)
    {
        var obj = new JsonObject();
        while (reader.Next(out var field, out var wireType))
        {
            if (!schema.Fields.TryGetValue(field, out var spec))
            {
                reader.Skip(wireType);
                continue;
            }

            switch (spec.Kind)
            {
                case Kind.String:
                    obj[spec.Name] = reader.String();
                    break;
                case Kind.Bool:
                    obj[spec.Name] = reader.Varint() != 0;
                    break;
                case Kind.Message:
                    obj[spec.Name] = ReadMessage(new Reader(reader.Bytes()), spec.Schema!);
                    break;
                case Kind.MessageList:
                    ListOf(obj, spec.Name).Add(ReadMessage(new Reader(reader.Bytes()), spec.Schema!));
                    break;
                case Kind.StringList:
                    ListOf(obj, spec.Name).Add(reader.String());
                    break;
                case Kind.StringMap or Kind.BytesMap:
                    var (key, value) = ReadMapEntry(new Reader(reader.Bytes()), spec.Kind == Kind.BytesMap);
                    if (obj[spec.Name] is not JsonObject map)
                    {
                        obj[spec.Name] = map = [];
                    }

                    map[key] = value;
                    break;
            }
        }

        return obj;
    }

    private static (string Key, string Value) ReadMapEntry(Reader entry, bool bytes)
    {
        var key = string.Empty;
        var value = string.Empty;
        while (entry.Next(out var field, out var wireType))
        {
            if (field == 1)
            {
                key = entry.String();
            }
            else if (field == 2)
            {
                value = bytes ? Convert.ToBase64String(entry.Bytes().Span) : entry.String();
            }
            else
            {
                entry.Skip(wireType);
            }
        }

        return (key, value);
    }

    private static JsonArray ListOf(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray list)
        {
            obj[name] = list = [];
        }

        return list;
    }

    private sealed record Field(string Name, Kind Kind, Message? Schema = null);

    private sealed record Message(Dictionary<int, Field> Fields);

    /// <summary>Reads protobuf wire format: varints and length-delimited fields.</summary>
    private sealed class Reader(ReadOnlyMemory<byte> data)
    {
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            if (_position >= data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= data.Length)
                {
                    throw ApiErrors.BadRequest("truncated protobuf body");
                }

                var b = data.Span[_position++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw ApiErrors.BadRequest("malformed protobuf varint");
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            var length = (int)Varint();
            if (length < 0 || _position + length > data.Length)
            {
                throw ApiErrors.BadRequest("truncated protobuf body");
            }

            var slice = data.Slice(_position, length);
            _position += length;
            return slice;
        }

        public string String() => Encoding.UTF8.GetString(Bytes().Span);

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw ApiErrors.BadRequest($"unsupported protobuf wire type {wireType}");
            }
        }
    }
}
