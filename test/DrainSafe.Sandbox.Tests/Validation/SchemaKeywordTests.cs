using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class SchemaKeywordTests
{
    [Theory]
    [InlineData("""{ "type": "integer" }""", "7")]
    [InlineData("""{ "type": "integer" }""", "2.0")]
    [InlineData("""{ "type": "number" }""", "3")]
    [InlineData("""{ "type": "number" }""", "3.25")]
    [InlineData("""{ "type": "string" }""", "\"text\"")]
    [InlineData("""{ "type": "boolean" }""", "false")]
    [InlineData("""{ "type": "object" }""", "{}")]
    [InlineData("""{ "type": "array", "items": { "type": "string" } }""", "[]")]
    [InlineData("""{ "type": "string", "nullable": true }""", "null")]
    [InlineData("""{ "x-kubernetes-int-or-string": true }""", "5")]
    [InlineData("""{ "x-kubernetes-int-or-string": true }""", "\"25%\"")]
    [InlineData("""{ "x-kubernetes-preserve-unknown-fields": true }""", """{ "any": ["thing", 1] }""")]
    [InlineData("""{ "type": "string", "enum": ["Freeze", "Reboot"] }""", "\"Reboot\"")]
    [InlineData("""{ "type": "integer", "enum": [1, 2] }""", "2")]
    [InlineData("""{ "type": "string", "pattern": "^[a-z]+$" }""", "\"abc\"")]
    [InlineData("""{ "type": "string", "format": "date-time" }""", "\"2026-11-30T10:15:00Z\"")]
    [InlineData("""{ "type": "string", "format": "date-time" }""", "\"2026-11-30T10:15:00.123+01:00\"")]
    [InlineData("""{ "type": "string", "format": "unheard-of" }""", "\"anything\"")]
    [InlineData("""{ "type": "integer", "minimum": 1 }""", "1")]
    [InlineData("""{ "type": "integer", "maximum": 10 }""", "10")]
    [InlineData("""{ "type": "string", "minLength": 2, "maxLength": 3 }""", "\"abc\"")]
    [InlineData("""{ "type": "string", "maxLength": 2 }""", "\"éé\"")]
    [InlineData("""{ "type": "array", "minItems": 1, "maxItems": 2, "items": { "type": "integer" } }""", "[1, 2]")]
    [InlineData("""{ "type": "object", "maxProperties": 1, "additionalProperties": { "type": "string" } }""", """{ "a": "b" }""")]
    [InlineData("""{ "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } }""", """["a", "b"]""")]
    [InlineData("""{ "type": "integer", "multipleOf": 5 }""", "15")]
    public void Value_that_satisfies_the_keyword_passes(string fieldSchema, string value)
    {
        var schema = SchemaFixtures.SpecField(fieldSchema);

        Assert.Empty(schema.Validate(SchemaFixtures.WithX(value), null));
    }

    [Theory]
    [InlineData("""{ "type": "integer" }""", "\"string\"", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "string": spec.x in body must be of type integer: "string" """)]
    [InlineData("""{ "type": "integer" }""", "2.5", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "number": spec.x in body must be of type integer: "number" """)]
    [InlineData("""{ "type": "string" }""", "5", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "integer": spec.x in body must be of type string: "integer" """)]
    [InlineData("""{ "type": "boolean" }""", "\"true\"", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "string": spec.x in body must be of type boolean: "string" """)]
    [InlineData("""{ "type": "object" }""", "[]", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "array": spec.x in body must be of type object: "array" """)]
    [InlineData("""{ "type": "string" }""", "null", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "null": spec.x in body must be of type string: "null" """)]
    [InlineData("""{ "x-kubernetes-int-or-string": true }""", "true", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean" """)]
    [InlineData("""{ "type": "string", "enum": ["Freeze", "Reboot"] }""", "\"Explode\"", FieldErrorReasons.NotSupported, "spec.x",
        """Unsupported value: "Explode": supported values: "Freeze", "Reboot" """)]
    [InlineData("""{ "type": "integer", "enum": [1, 2] }""", "3", FieldErrorReasons.NotSupported, "spec.x",
        """Unsupported value: 3: supported values: "1", "2" """)]
    [InlineData("""{ "type": "string", "pattern": "^[a-z]+$" }""", "\"ABC\"", FieldErrorReasons.Invalid, "spec.x",
        """Invalid value: "ABC": spec.x in body should match '^[a-z]+$'""")]
    [InlineData("""{ "type": "string", "format": "date-time" }""", "\"tomorrow\"", FieldErrorReasons.TypeInvalid, "spec.x",
        """Invalid value: "tomorrow": spec.x in body must be of type date-time: "tomorrow" """)]
    [InlineData("""{ "type": "integer", "minimum": 1 }""", "0", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 0: spec.x in body should be greater than or equal to 1")]
    [InlineData("""{ "type": "integer", "minimum": 1, "exclusiveMinimum": true }""", "1", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 1: spec.x in body should be greater than 1")]
    [InlineData("""{ "type": "integer", "maximum": 10 }""", "11", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 11: spec.x in body should be less than or equal to 10")]
    [InlineData("""{ "type": "integer", "maximum": 10, "exclusiveMaximum": true }""", "10", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 10: spec.x in body should be less than 10")]
    [InlineData("""{ "type": "number", "maximum": 1.5 }""", "2.5", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 2.5: spec.x in body should be less than or equal to 1.5")]
    [InlineData("""{ "type": "integer", "multipleOf": 5 }""", "12", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 12: spec.x in body should be a multiple of 5")]
    [InlineData("""{ "type": "string", "minLength": 3 }""", "\"ab\"", FieldErrorReasons.Invalid, "spec.x",
        """Invalid value: "ab": spec.x in body should be at least 3 chars long""")]
    [InlineData("""{ "type": "string", "maxLength": 3 }""", "\"abcd\"", FieldErrorReasons.TooLong, "spec.x",
        "Too long: may not be more than 3 bytes")]
    [InlineData("""{ "type": "array", "minItems": 1, "items": { "type": "string" } }""", "[]", FieldErrorReasons.Invalid, "spec.x",
        "Invalid value: 0: spec.x in body should have at least 1 items")]
    [InlineData("""{ "type": "array", "maxItems": 2, "items": { "type": "integer" } }""", "[1, 2, 3]", FieldErrorReasons.TooMany, "spec.x",
        "Too many: 3: must have at most 2 items")]
    [InlineData("""{ "type": "object", "maxProperties": 1, "additionalProperties": { "type": "string" } }""", """{ "a": "b", "c": "d" }""",
        FieldErrorReasons.TooMany, "spec.x", "Too many: 2: must have at most 1 item")]
    [InlineData("""{ "type": "object", "minProperties": 1, "additionalProperties": { "type": "string" } }""", "{}",
        FieldErrorReasons.Invalid, "spec.x", "Invalid value: 0: spec.x in body should have at least 1 properties")]
    [InlineData("""{ "type": "object", "additionalProperties": { "type": "string" } }""", """{ "a": "b", "c": 5 }""",
        FieldErrorReasons.TypeInvalid, "spec.x.c", """Invalid value: "integer": spec.x.c in body must be of type string: "integer" """)]
    [InlineData("""{ "type": "array", "items": { "type": "string", "enum": ["a"] } }""", """["a", "b"]""",
        FieldErrorReasons.NotSupported, "spec.x[1]", """Unsupported value: "b": supported values: "a" """)]
    [InlineData("""{ "type": "array", "x-kubernetes-list-type": "set", "items": { "type": "string" } }""", """["a", "b", "a"]""",
        FieldErrorReasons.Duplicate, "spec.x[2]", "Duplicate value: \"a\"")]
    [InlineData("""{ "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "v": { "type": "integer" } } } }""",
        """[{ "name": "a", "v": 1 }, { "name": "a", "v": 2 }]""",
        FieldErrorReasons.Duplicate, "spec.x[1]", """Duplicate value: map[string]interface {}{"name":"a"}""")]
    public void Value_that_breaks_the_keyword_gets_the_servers_cause(
        string fieldSchema, string value, string reason, string field, string message)
    {
        var schema = SchemaFixtures.SpecField(fieldSchema);

        var error = Assert.Single(schema.Validate(SchemaFixtures.WithX(value), null));

        Assert.Equal(new FieldError(reason, field, message.TrimEnd()), error);
    }

    [Fact]
    public void Missing_required_field_gets_Required_value()
    {
        var schema = SchemaFixtures.SpecField("""{ "type": "string" }""", specExtras: "\"required\": [\"x\"]");

        var error = Assert.Single(schema.Validate(SchemaFixtures.WithX(null), null));

        Assert.Equal(new FieldError(FieldErrorReasons.Required, "spec.x", "Required value"), error);
        Assert.Equal("spec.x: Required value", error.ToString());
    }

    [Fact]
    public void Wrong_type_and_unsupported_value_are_both_reported_like_kube_openapi()
    {
        var schema = SchemaFixtures.SpecField("""{ "type": "string", "enum": ["a", "b"] }""");

        var errors = schema.Validate(SchemaFixtures.WithX("5"), null);

        Assert.Equal([FieldErrorReasons.TypeInvalid, FieldErrorReasons.NotSupported], errors.Select(e => e.Reason));
    }

    [Fact]
    public void Errors_in_list_items_name_the_index()
    {
        var schema = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema(), new ValidationOptions(EvaluateRules: false));
        var resource = NodeMaintenanceDefinition.Resource();
        resource["spec"]!["events"]![0]!["eventType"] = "Explode";
        resource["spec"]!["events"]![0]!.AsObject().Remove("eventId");
        resource["spec"]!.AsObject().Remove("nodeName");

        var errors = schema.Validate(resource, null);

        Assert.Equal(
            [
                new FieldError(FieldErrorReasons.NotSupported, "spec.events[0].eventType",
                    "Unsupported value: \"Explode\": supported values: \"Freeze\", \"Reboot\", \"Redeploy\", \"Preempt\", \"Terminate\""),
                new FieldError(FieldErrorReasons.Required, "spec.events[0].eventId", "Required value"),
                new FieldError(FieldErrorReasons.Required, "spec.nodeName", "Required value"),
            ],
            errors);
    }

    [Fact]
    public void Metadata_apiVersion_and_kind_are_left_to_the_server()
    {
        var schema = CustomResourceSchema.Compile(SchemaFixtures.Parse("""
            {
              "type": "object", "required": ["metadata", "spec"],
              "properties": {
                "metadata": { "type": "object", "properties": { "name": { "type": "string", "maxLength": 3 } } },
                "spec": { "type": "object" }
              }
            }
            """));
        var resource = SchemaFixtures.Parse("""{ "apiVersion": 5, "kind": "Thing", "metadata": { "name": "much-too-long" }, "spec": {} }""");

        Assert.Empty(schema.Validate(resource, null));
    }

    [Fact]
    public void Valid_NodeMaintenance_passes_schema_and_rules()
    {
        var schema = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema());

        Assert.Empty(schema.Validate(NodeMaintenanceDefinition.Resource(), null));
        Assert.Empty(schema.Validate(NodeMaintenanceDefinition.Resource(), NodeMaintenanceDefinition.Resource()));
    }

    [Fact]
    public void Embedded_resource_is_accepted_with_its_own_metadata()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true }
            """);

        var value = """{ "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "p" }, "spec": { "containers": [] } }""";

        Assert.Empty(schema.Validate(SchemaFixtures.WithX(value), null));
    }

    [Fact]
    public void AnyOf_int_or_string_pattern_accepts_either_and_rejects_others()
    {
        var schema = SchemaFixtures.SpecField("""
            { "x-kubernetes-int-or-string": true, "anyOf": [ { "type": "integer" }, { "type": "string" } ] }
            """);

        Assert.Empty(schema.Validate(SchemaFixtures.WithX("3"), null));
        Assert.Empty(schema.Validate(SchemaFixtures.WithX("\"30%\""), null));
        Assert.Contains(schema.Validate(SchemaFixtures.WithX("[1]"), null), e => e.Reason == FieldErrorReasons.TypeInvalid);
    }
}
