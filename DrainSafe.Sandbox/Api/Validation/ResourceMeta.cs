namespace DrainSafe.Sandbox.Api.Validation;

/// <summary>The fields of a resource root that the server handles itself, outside the schema.</summary>
internal static class ResourceMeta
{
    public static bool IsMetaField(string name) => name is "apiVersion" or "kind" or "metadata";
}
