using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

/// <summary>Builds small schemas and objects around one field, <c>spec.x</c>.</summary>
internal static class SchemaFixtures
{
    /// <summary>A root schema whose spec has one property x with the given schema JSON.</summary>
    public static CustomResourceSchema SpecField(string fieldSchemaJson, string? specExtras = null) =>
        CustomResourceSchema.Compile(JsonNode.Parse($$"""
        {
          "type": "object",
          "properties": {
            "spec": { "type": "object" {{(specExtras is null ? "" : ", " + specExtras)}}, "properties": { "x": {{fieldSchemaJson}} } }
          }
        }
        """)!.AsObject());

    /// <summary>An object whose spec.x is the given JSON value (or whose spec is empty when null).</summary>
    public static JsonObject WithX(string? valueJson) => JsonNode.Parse(valueJson is null
        ? """{ "apiVersion": "example.com/v1", "kind": "Thing", "metadata": { "name": "t" }, "spec": {} }"""
        : $$"""{ "apiVersion": "example.com/v1", "kind": "Thing", "metadata": { "name": "t" }, "spec": { "x": {{valueJson}} } }""")!.AsObject();

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
