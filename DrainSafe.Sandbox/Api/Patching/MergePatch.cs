using System.Text.Json.Nodes;

namespace DrainSafe.Sandbox.Api.Patching;

/// <summary>JSON merge patch (RFC 7386): objects merge key by key, null removes, anything else replaces.</summary>
public static class MergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> (changed in place when both are objects).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (target is not JsonObject targetObject)
        {
            targetObject = [];
        }

        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                targetObject.Remove(key);
                continue;
            }

            var current = targetObject[key];
            targetObject.Remove(key);
            targetObject[key] = Apply(current, value);
        }

        return targetObject;
    }
}
