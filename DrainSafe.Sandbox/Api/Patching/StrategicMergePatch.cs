using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Patching;

/// <summary>
/// Strategic merge patch for built-in objects: a merge patch whose lists merge by key (containers, volumes and env
/// by name, conditions by type, ownerReferences by uid, finalizers as a set) and that honours the
/// <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> directives.
/// Merged lists are ordered as apimachinery orders them: items the patch names in the patch's order, new ones ahead
/// of live-only ones (so <c>[second]</c> onto <c>[first]</c> gives <c>[second, first]</c>).
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

    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers", "podCIDRs" };

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

        // Like apimachinery's mergePatchIntoOriginal: lists named by $setElementOrder are merged and ordered first.
        var ordered = MergeOrderedLists(original, patch);
        foreach (var (key, value) in patch)
        {
            if (key is PatchDirective or RetainKeysDirective || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
                || ordered.Contains(key))
            {
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

        return original;
    }

    /// <summary>
    /// Merges each list that has a <c>$setElementOrder/</c> directive and orders it: the directive's order for the
    /// items it names, the live order for the others. Returns the fields it handled.
    /// </summary>
    private static HashSet<string> MergeOrderedLists(JsonObject original, JsonObject patch)
    {
        var handled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) || value is not JsonArray order)
            {
                continue;
            }

            var field = key[SetElementOrderPrefix.Length..];
            var isMergeList = PrimitiveSets.Contains(field) || MergeKeys.ContainsKey(field);
            var live = original[field] as JsonArray;
            var patchList = patch[field] as JsonArray;
            if (!isMergeList || (live is null && patchList is null))
            {
                continue;
            }

            var merged = (live, patchList) switch
            {
                ({ } onlyLive, null) => onlyLive.Select(i => i?.DeepClone()).ToList(),
                (null, { } onlyPatch) => onlyPatch.Select(Clean).ToList(),
                _ => [.. MergeList(field, live!, patchList!)],
            };
            var mergeKey = MergeKeys.GetValueOrDefault(field);
            original[field] = new JsonArray(NormalizeOrder(merged.Select(i => i?.DeepClone()).ToList(), [.. order],
                live?.ToList() ?? [], mergeKey).ToArray());
            handled.Add(field);
        }

        return handled;
    }

    private static JsonArray MergeList(string field, JsonArray original, JsonArray patch)
    {
        if (patch.Any(i => i is JsonObject o && (string?)o[PatchDirective] == "replace"))
        {
            return new JsonArray(patch.Where(i => !(i is JsonObject o && o.ContainsKey(PatchDirective))).Select(Clean).ToArray());
        }

        if (PrimitiveSets.Contains(field))
        {
            var union = new List<JsonNode?>();
            foreach (var item in original.Concat(patch))
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, item)))
                {
                    union.Add(item?.DeepClone());
                }
            }

            return new JsonArray(NormalizeOrder(union, [.. patch], [.. original], mergeKey: null).ToArray());
        }

        if (!MergeKeys.TryGetValue(field, out var mergeKey))
        {
            return (JsonArray)Clean(patch)!;
        }

        var result = original.Select(i => i?.DeepClone()).ToList();
        foreach (var doomed in patch.OfType<JsonObject>().Where(i => (string?)i[PatchDirective] == "delete"))
        {
            result.RemoveAll(o => o is JsonObject existing && JsonNode.DeepEquals(existing[mergeKey], doomed[mergeKey]));
        }

        var live = result.Select(i => i?.DeepClone()).ToList();
        var items = patch.OfType<JsonObject>().Where(i => !i.ContainsKey(PatchDirective)).ToList();
        foreach (var item in items)
        {
            var index = result.FindIndex(o => o is JsonObject existing && JsonNode.DeepEquals(existing[mergeKey], item[mergeKey]));
            if (index >= 0 && result[index] is JsonObject existing)
            {
                result[index] = MergeObject(existing, item);
            }
            else
            {
                result.Add(Clean(item));
            }
        }

        return new JsonArray(NormalizeOrder(result.Where(n => n is not null).ToList(), [.. items], live, mergeKey).ToArray());
    }

    /// <summary>
    /// apimachinery's normalizeElementOrder: the items named in <paramref name="patchOrder"/> keep that order, the others
    /// keep their live order, and the two runs interleave by live position, the patch's item first when either is new.
    /// </summary>
    private static List<JsonNode?> NormalizeOrder(List<JsonNode?> merged, List<JsonNode?> patchOrder, List<JsonNode?> liveOrder,
        string? mergeKey)
    {
        JsonNode? KeyOf(JsonNode? node) => mergeKey is null ? node : (node as JsonObject)?[mergeKey];
        int IndexIn(List<JsonNode?> order, JsonNode? item)
        {
            var key = KeyOf(item);
            return order.FindIndex(o => JsonNode.DeepEquals(KeyOf(o), key));
        }

        int SortIndex(List<JsonNode?> order, JsonNode? item) => IndexIn(order, item) is var i and >= 0 ? i : int.MaxValue;

        var fromPatch = merged.Where(i => IndexIn(patchOrder, i) >= 0).OrderBy(i => SortIndex(patchOrder, i)).ToList();
        var liveOnly = merged.Where(i => IndexIn(patchOrder, i) < 0).OrderBy(i => SortIndex(liveOrder, i)).ToList();
        var result = new List<JsonNode?>(merged.Count);
        int left = 0, right = 0;
        while (left < liveOnly.Count || right < fromPatch.Count)
        {
            if (right >= fromPatch.Count)
            {
                result.Add(liveOnly[left++]);
            }
            else if (left >= liveOnly.Count)
            {
                result.Add(fromPatch[right++]);
            }
            else
            {
                var liveIndex = IndexIn(liveOrder, liveOnly[left]);
                var patchIndex = IndexIn(liveOrder, fromPatch[right]);
                result.Add(liveIndex >= 0 && patchIndex >= 0 && liveIndex < patchIndex ? liveOnly[left++] : fromPatch[right++]);
            }
        }

        return result;
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
