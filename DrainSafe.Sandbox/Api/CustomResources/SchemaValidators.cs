using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Errors;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Api.CustomResources;

/// <summary>Builds validators from CRD schemas: the call sites of the Validation component.</summary>
internal static class SchemaValidators
{
    /// <summary>Compiles a version's openAPIV3Schema; throws <see cref="ArgumentException"/> when a rule or pattern does not compile.</summary>
    public static ICustomResourceValidator Compile(JsonNode? openApiV3Schema) =>
        openApiV3Schema is JsonObject schema
            ? new CompiledSchemaValidator(CustomResourceSchema.Compile((JsonObject)schema.DeepClone()))
            : PermissiveValidator.Instance;

    /// <summary>The causes that make a CRD unacceptable (names, versions, structural schemas, rules); empty when fine.</summary>
    public static IReadOnlyList<StatusCause> ValidateDefinition(JsonObject crd) =>
        CustomResourceSchema.ValidateDefinition(crd).Select(ToCause).ToList();

    private static StatusCause ToCause(FieldError error) => new(error.Reason, error.Message, error.Field);

    private sealed class CompiledSchemaValidator(CustomResourceSchema schema) : ICustomResourceValidator
    {
        public IReadOnlyList<string> Prune(JsonObject obj) => schema.Prune(obj);

        public void ApplyDefaults(JsonObject obj) => schema.ApplyDefaults(obj);

        public IReadOnlyList<StatusCause> Validate(JsonObject obj, JsonObject? old) =>
            schema.Validate(obj, old).Select(ToCause).ToList();
    }
}
