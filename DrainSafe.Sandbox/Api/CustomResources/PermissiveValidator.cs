using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.CustomResources;

/// <summary>Accepts everything: used for a version without a schema.</summary>
internal sealed class PermissiveValidator : ICustomResourceValidator
{
    public static readonly PermissiveValidator Instance = new();

    public IReadOnlyList<string> Prune(JsonObject obj) => [];

    public void ApplyDefaults(JsonObject obj)
    {
    }

    public IReadOnlyList<StatusCause> Validate(JsonObject obj, JsonObject? old) => [];
}
