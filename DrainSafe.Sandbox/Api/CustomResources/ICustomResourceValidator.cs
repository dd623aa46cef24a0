using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;

namespace DrainSafe.Sandbox.Api.CustomResources;

/// <summary>The schema operations the store applies to a custom resource on every write.</summary>
internal interface ICustomResourceValidator
{
    /// <summary>Removes fields the schema does not declare; returns their paths (for fieldValidation=Strict).</summary>
    IReadOnlyList<string> Prune(JsonObject obj);

    /// <summary>Fills schema defaults.</summary>
    void ApplyDefaults(JsonObject obj);

    /// <summary>Validates the object (schema and CEL rules; <paramref name="old"/> for transition rules).</summary>
    IReadOnlyList<StatusCause> Validate(JsonObject obj, JsonObject? old);
}
