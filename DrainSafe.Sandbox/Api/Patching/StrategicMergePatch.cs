using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Patching;

/// <summary>
/// Strategic merge patch for built-in objects: a merge patch whose lists merge by key (containers, volumes and env
/// by name, conditions by type, ownerReferences by uid, finalizers as a set) and that honours the
/// <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> directives.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["hostAliases"] = "ip",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["ownerReferences"] = "uid",
    };

    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>Applies the patch to the original object (changed in place) and returns the result.</summary>
    public static JsonNode? Apply(JsonNode? original, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return Clean(patch);
        }

        return MergeObject(original as JsonObject ?? [], patchObject);
    }

    private static JsonObject? MergeObject(JsonObject original, JsonObject patch)
    {
        switch ((string?)patch[PatchDirective])
        {
            case "replace":
                return (JsonObject?)Clean(patch);
            case "delete":
                return null;
        }

        var orders = new List<(string Field, JsonArray Order)>();
        foreach (var (key, value) in patch)
        {
            if (key is PatchDirective or RetainKeysDirective)
            {
                continue;
            }

            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                if (value is JsonArray order)
                {
                    orders.Add((key[SetElementOrderPrefix.Length..], order));
                }

                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveListPrefix.Length..];
                if (original[field] is JsonArray list && value is JsonArray doomed)
                {
                    foreach (var item in list.Where(i => doomed.Any(d => JsonNode.DeepEquals(d, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            var current = original[key];
            JsonNode? merged = (current, value) switch
            {
                (JsonObject currentObject, JsonObject patchObject) => MergeObject(currentObject, patchObject),
                (JsonArray currentArray, JsonArray patchArray) => MergeList(key, currentArray, patchArray),
                (_, JsonObject patchObject) when (string?)patchObject[PatchDirective] == "delete" => null,
                _ => Clean(value),
            };
            original.Remove(key);
            if (merged is not null)
            {
                original[key] = merged;
            }
        }

        if (patch[RetainKeysDirective] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                original.Remove(key);
            }
        }

        foreach (var (field, order) in orders)
        {
            if (original[field] is JsonArray list)
            {
                original[field] = Reorder(list, order, MergeKeys.GetValueOrDefault(field));
            }
        }

        return original;
    }

    private static JsonArray MergeList(string field, JsonArray original, JsonArray patch)
    {
        if (patch.Any(i => i is JsonObject o && (string?)o[PatchDirective] == "replace"))
        {
            return new JsonArray(patch.Where(i => !(i is JsonObject o && o.ContainsKey(PatchDirective))).Select(Clean).ToArray());
        }

        if (PrimitiveSets.Contains(field))
        {
            var union = new JsonArray(original.Select(i => i?.DeepClone()).ToArray());
            foreach (var item in patch.Where(i => !original.Any(o => JsonNode.DeepEquals(o, i))))
            {
                union.Add(item?.DeepClone());
            }

            return union;
        }

        if (!MergeKeys.TryGetValue(field, out var mergeKey))
        {
            return (JsonArray)Clean(patch)!;
        }

        var result = original.Select(i => i?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey];
            var index = result.FindIndex(o => o is JsonObject existing && JsonNode.DeepEquals(existing[mergeKey], key));
            if ((string?)item[PatchDirective] == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0 && result[index] is JsonObject existing)
            {
                result[index] = MergeObject(existing, item);
            }
            else
            {
                result.Add(Clean(item));
            }
        }

        return new JsonArray(result.Where(n => n is not null).ToArray());
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        JsonNode? KeyOf(JsonNode? node) => mergeKey is null ? node : node?[mergeKey];
        var items = list.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order)
        {
            var wantedKey = mergeKey is null ? wanted : wanted?[mergeKey];
            var index = items.FindIndex(i => JsonNode.DeepEquals(KeyOf(i), wantedKey));
            if (index >= 0)
            {
                ordered.Add(items[index]);
                items.RemoveAt(index);
            }
        }

        ordered.AddRange(items);
        return new JsonArray(ordered.ToArray());
    }

    /// <summary>A copy without directive keys, for patch content that lands as is.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!key.StartsWith('$'))
                    {
                        copy[key] = Clean(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Clean).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
