using System.Text.Json;

namespace DrainSafe.Sandbox.World.State;

/// <summary>The controller owner reference of an object (the one with <c>controller: true</c>).</summary>
/// <param name="Kind">Owner kind, e.g. <c>ReplicaSet</c>.</param>
/// <param name="Name">Owner name.</param>
/// <param name="Uid">Owner uid.</param>
internal sealed record OwnerLink(string Kind, string Name, string Uid)
{
    public static OwnerLink? ControllerOf(JsonElement root)
    {
        foreach (var owner in JsonFields.Array(root, "metadata", "ownerReferences"))
        {
            if (JsonFields.Bool(owner, "controller")
                && JsonFields.String(owner, "kind") is { } kind
                && JsonFields.String(owner, "name") is { } name
                && JsonFields.String(owner, "uid") is { } uid)
            {
                return new OwnerLink(kind, name, uid);
            }
        }

        return null;
    }
}
