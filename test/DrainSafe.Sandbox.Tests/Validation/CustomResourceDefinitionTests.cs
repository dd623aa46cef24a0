using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class CustomResourceDefinitionTests
{
    private const string SchemaPath = "spec.validation.openAPIV3Schema";

    [Fact]
    public void NodeMaintenance_definition_is_accepted()
    {
        Assert.Empty(CustomResourceSchema.ValidateDefinition(NodeMaintenanceDefinition.Crd()));
    }

    [Fact]
    public void Property_without_a_type_is_rejected_like_the_real_server()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        Spec(crd, 0).Remove("type");

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal(
            new FieldError(FieldErrorReasons.Required, $"{SchemaPath}.properties[spec].type", "Required value: must not be empty for specified object fields"),
            error);
        Assert.Equal(
            "spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
            error.ToString());
    }

    [Fact]
    public void Versions_with_different_schemas_are_reported_per_version()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        var second = crd["spec"]!["versions"]![0]!.DeepClone().AsObject();
        second["name"] = "v1beta1";
        second["storage"] = false;
        ((JsonArray)crd["spec"]!["versions"]!).Add(second);
        Spec(crd, 1)["properties"]!["vmName"]!.AsObject().Remove("type");

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal("spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[vmName].type", error.Field);
        Assert.Equal("Required value: must not be empty for specified object fields", error.Message);
    }

    [Fact]
    public void Array_items_without_a_type_and_array_without_items_are_rejected()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        Spec(crd, 0)["properties"]!["events"]!["items"]!.AsObject().Remove("type");
        Spec(crd, 0)["properties"]!["tags"] = new JsonObject { ["type"] = "array" };

        var fields = CustomResourceSchema.ValidateDefinition(crd).Select(e => e.ToString()).ToList();

        Assert.Contains($"{SchemaPath}.properties[spec].properties[events].items.type: Required value: must not be empty for specified array items", fields);
        Assert.Contains($"{SchemaPath}.properties[spec].properties[tags].items: Required value: must be specified", fields);
    }

    [Theory]
    [InlineData("self.nodeName ==", "compilation failed: ERROR: <input>:1:17: Syntax error: mismatched input '<EOF>'")]
    [InlineData("slef.nodeName == 'a'", "compilation failed: ERROR: <input>:1:1: undeclared reference to 'slef' (in container '')\n | slef.nodeName == 'a'\n | ^")]
    [InlineData("self.nodeName.shout() == 'A'", "compilation failed: ERROR: <input>:1:15: undeclared reference to 'shout' (in container '')")]
    [InlineData("self.events.all(e, x.eventId != '')", "compilation failed: ERROR: <input>:1:20: undeclared reference to 'x' (in container '')")]
    public void Rule_that_does_not_compile_is_FieldValueInvalid_on_its_rule(string rule, string detailStart)
    {
        var crd = NodeMaintenanceDefinition.Crd();
        Spec(crd, 0)["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule });

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal(FieldErrorReasons.Invalid, error.Reason);
        Assert.Equal($"{SchemaPath}.properties[spec].x-kubernetes-validations[0].rule", error.Field);
        var prefix = $"Invalid value: apiextensions.ValidationRule{{Rule:\"{rule.Replace("\"", "\\\"", StringComparison.Ordinal)}\", Message:\"\", ";
        Assert.StartsWith(prefix, error.Message, StringComparison.Ordinal);
        Assert.Contains(detailStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_rule_under_an_atomic_list_is_rejected()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        Spec(crd, 0)["properties"]!["events"]!["items"]!["properties"]!["resources"]!["items"]!["x-kubernetes-validations"] =
            new JsonArray(new JsonObject { ["rule"] = "self == oldSelf" });

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal(
            $"{SchemaPath}.properties[spec].properties[events].items.properties[resources].items.x-kubernetes-validations[0].rule: " +
            $"Invalid value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema within {SchemaPath}.properties[spec].properties[events].items.properties[resources]",
            error.ToString());
    }

    [Fact]
    public void Definition_errors_in_names_group_scope_and_versions_are_all_reported()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        crd["metadata"]!["name"] = "maintenances.drainsafe.azure.com";
        crd["spec"]!["group"] = "drainsafe";
        crd["spec"]!["scope"] = "Global";
        crd["spec"]!["names"]!["plural"] = "NodeMaintenances";
        crd["spec"]!["versions"]![0]!["storage"] = false;

        var errors = CustomResourceSchema.ValidateDefinition(crd).Select(e => e.ToString()).ToList();

        Assert.Contains("metadata.name: Invalid value: \"maintenances.drainsafe.azure.com\": must be spec.names.plural+\".\"+spec.group", errors);
        Assert.Contains("spec.group: Invalid value: \"drainsafe\": should be a domain with at least one dot", errors);
        Assert.Contains("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.names.plural: Invalid value: \"NodeMaintenances\": a DNS-1035 label must consist of lower case", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{", StringComparison.Ordinal)
                                     && e.EndsWith(": must have exactly one version marked as storage version", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_schema_and_missing_names_are_required()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        crd["spec"]!["versions"]![0]!.AsObject().Remove("schema");
        crd["spec"]!["names"]!.AsObject().Remove("kind");

        var errors = CustomResourceSchema.ValidateDefinition(crd).Select(e => e.ToString()).ToList();

        Assert.Contains("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required", errors);
        Assert.Contains("spec.names.kind: Required value", errors);
    }

    [Theory]
    [InlineData("""{ "type": "array", "uniqueItems": true, "items": { "type": "string" } }""",
        "properties[spec].properties[x].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string" } }, "additionalProperties": { "type": "string" } }""",
        "properties[spec].properties[x].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{ "type": "array", "x-kubernetes-list-type": "map", "items": { "type": "object", "properties": { "a": { "type": "string" } } } }""",
        "properties[spec].properties[x].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map")]
    [InlineData("""{ "type": "array", "x-kubernetes-list-type": "bag", "items": { "type": "string" } }""",
        "properties[spec].properties[x].x-kubernetes-list-type: Unsupported value: \"bag\": supported values: \"atomic\", \"set\", \"map\"")]
    [InlineData("""{ "type": "string", "x-kubernetes-list-type": "set" }""",
        "properties[spec].properties[x].type: Invalid value: \"string\": must be array if x-kubernetes-list-type is specified")]
    [InlineData("""{ "type": "integer", "default": "ten" }""",
        "properties[spec].properties[x].default: Invalid value: \"string\":  in body must be of type integer: \"string\"")]
    [InlineData("""{ "type": "string", "pattern": "([a-z" }""",
        "properties[spec].properties[x].pattern: Invalid value: \"([a-z\": must be a valid regular expression, but isn't: ")]
    [InlineData("""{ "type": "strin" }""",
        "properties[spec].properties[x].type: Unsupported value: \"strin\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"")]
    [InlineData("""{ "$ref": "#/definitions/thing" }""",
        "properties[spec].properties[x].$ref: Forbidden: $ref is not supported")]
    [InlineData("""{ "type": "object", "anyOf": [ { "type": "object" } ] }""",
        "properties[spec].properties[x].anyOf[0].type: Forbidden: must be empty to be structural")]
    [InlineData("""{ "type": "string", "x-kubernetes-validations": [ { "rule": "self != ''", "reason": "FieldValueWeird" } ] }""",
        "properties[spec].properties[x].x-kubernetes-validations[0].reason: Unsupported value: \"FieldValueWeird\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"")]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string" } }, "x-kubernetes-validations": [ { "rule": "has(self.a)", "fieldPath": ".b" } ] }""",
        "properties[spec].properties[x].x-kubernetes-validations[0].fieldPath: Invalid value: \".b\": fieldPath must be a valid path")]
    [InlineData("""{ "type": "string", "x-kubernetes-validations": [ { "rule": "self != ''", "optionalOldSelf": true } ] }""",
        "properties[spec].properties[x].x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule")]
    public void Schema_that_a_real_server_refuses_is_refused(string fieldSchema, string expectedUnderSchema)
    {
        var crd = NodeMaintenanceDefinition.Crd();
        Spec(crd, 0)["properties"]!["x"] = JsonNode.Parse(fieldSchema);

        var errors = CustomResourceSchema.ValidateDefinition(crd).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith($"{SchemaPath}.{expectedUnderSchema}", StringComparison.Ordinal));
    }

    [Fact]
    public void Root_metadata_may_only_restrict_name_and_generateName()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        var root = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        root["properties"]!["metadata"] = JsonNode.Parse("""{ "type": "object", "properties": { "labels": { "type": "object" } } }""");

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal(
            $"{SchemaPath}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified",
            error.ToString());
    }

    [Fact]
    public void Printer_column_of_unknown_type_is_rejected()
    {
        var crd = NodeMaintenanceDefinition.Crd();
        crd["spec"]!["versions"]![0]!["additionalPrinterColumns"]![0]!["type"] = "timestamp";

        var error = Assert.Single(CustomResourceSchema.ValidateDefinition(crd));

        Assert.Equal(
            "spec.additionalPrinterColumns[0].type: Invalid value: \"timestamp\": must be one of boolean,date,integer,number,string",
            error.ToString());
    }

    private static JsonObject Spec(JsonObject crd, int version) =>
        crd["spec"]!["versions"]![version]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();
}
