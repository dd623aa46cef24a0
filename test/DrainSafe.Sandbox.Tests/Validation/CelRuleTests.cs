using System.Text.Json.Nodes;
using DrainSafe.Sandbox.Api.Validation;

namespace DrainSafe.Sandbox.Tests.Validation;

public sealed class CelRuleTests
{
    private static readonly CustomResourceSchema NodeMaintenance = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema());

    [Fact]
    public void Root_rule_sees_metadata_name_and_rejects_a_mismatched_nodeName()
    {
        var resource = NodeMaintenanceDefinition.Resource("node-a");
        resource["spec"]!["nodeName"] = "node-b";

        var error = Assert.Single(NodeMaintenance.Validate(resource, null));

        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "<nil>", "Invalid value: spec.nodeName must equal metadata.name"), error);
    }

    [Fact]
    public void Root_rule_with_fieldPath_reports_the_field()
    {
        var schema = CustomResourceSchema.Compile(SchemaFixtures.Parse("""
            {
              "type": "object",
              "x-kubernetes-validations": [
                { "rule": "self.spec.nodeName == self.metadata.name", "message": "must equal metadata.name", "fieldPath": ".spec.nodeName" }
              ],
              "properties": { "spec": { "type": "object", "properties": { "nodeName": { "type": "string" } } } }
            }
            """));
        var resource = SchemaFixtures.Parse("""{ "metadata": { "name": "node-a" }, "spec": { "nodeName": "node-b" } }""");

        var error = Assert.Single(schema.Validate(resource, null));

        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec.nodeName", "Invalid value: must equal metadata.name"), error);
    }

    [Fact]
    public void Changing_an_immutable_field_is_rejected_on_update_only()
    {
        var old = NodeMaintenanceDefinition.Resource("node-a");
        var changed = NodeMaintenanceDefinition.Resource("node-a");
        changed["spec"]!["nodeName"] = "node-b";
        changed["metadata"]!["name"] = "node-b";

        var error = Assert.Single(NodeMaintenance.Validate(changed, old));

        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec.nodeName", "Invalid value: \"node-b\": spec.nodeName is immutable"), error);
        Assert.Empty(NodeMaintenance.Validate(changed, null));
        Assert.Empty(NodeMaintenance.Validate(old, old.DeepClone().AsObject()));
    }

    [Fact]
    public void Transition_rule_is_skipped_when_the_old_object_lacks_the_field()
    {
        var old = NodeMaintenanceDefinition.Resource("node-a");
        old["spec"]!.AsObject().Remove("nodeName");

        Assert.Empty(NodeMaintenance.Validate(NodeMaintenanceDefinition.Resource("node-a"), old));
    }

    [Theory]
    [InlineData("has(self.vmName)", true)]
    [InlineData("!has(self.missing)", true)]
    [InlineData("has(self.missing)", false)]
    [InlineData("size(self.events) == 1 && self.events.size() == 1", true)]
    [InlineData("self.events.all(e, e.eventType in ['Reboot', 'Redeploy'])", true)]
    [InlineData("self.events.all(e, e.eventType == 'Freeze')", false)]
    [InlineData("self.events.exists(e, e.eventSource == 'Platform')", true)]
    [InlineData("self.events.exists(e, e.eventSource == 'User')", false)]
    [InlineData("self.events.exists_one(e, e.eventId.startsWith('602D'))", true)]
    [InlineData("self.events[0].resources.exists(r, r == self.vmName)", true)]
    [InlineData("self.vmName.startsWith('aks-') && self.vmName.endsWith('_3')", true)]
    [InlineData("self.vmName.matches('^aks-[a-z0-9]+-[0-9]+-vmss_[0-9]+$')", true)]
    [InlineData("self.vmName.contains('pool2')", false)]
    [InlineData("self.documentIncarnation >= 7 && self.documentIncarnation < 8", true)]
    [InlineData("self.documentIncarnation > 7", false)]
    [InlineData("self.events[0].durationInSeconds == -1", true)]
    [InlineData("self.events[0].notBefore > timestamp('2026-01-01T00:00:00Z')", true)]
    [InlineData("self.events[0].notBefore - duration('1h') < timestamp('2026-11-30T10:00:00Z')", true)]
    [InlineData("self.nodeName.size() <= 63", true)]
    [InlineData("self.nodeName.lowerAscii() == self.nodeName", true)]
    [InlineData("self.events.map(e, e.eventId).size() == 1", true)]
    [InlineData("self.events.filter(e, e.eventType == 'Freeze').size() == 0", true)]
    [InlineData("'Reboot' in self.events.map(e, e.eventType)", true)]
    [InlineData("self.vmName.split('_')[1] == '3'", true)]
    public void Rule_on_spec_is_evaluated_with_self_bound_to_spec(string rule, bool passes)
    {
        var schema = CompileWithSpecRule(rule);

        var errors = schema.Validate(NodeMaintenanceDefinition.Resource(), null);

        if (passes)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec", $"Invalid value: failed rule: {rule}"), error);
        }
    }

    [Fact]
    public void Rule_on_a_scalar_names_its_value_and_uses_the_message()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "integer", "x-kubernetes-validations": [ { "rule": "self % 2 == 0", "message": "must be even" } ] }
            """);

        var error = Assert.Single(schema.Validate(SchemaFixtures.WithX("3"), null));

        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec.x", "Invalid value: 3: must be even"), error);
    }

    [Theory]
    [InlineData("FieldValueForbidden", FieldErrorReasons.Forbidden, "Forbidden: no x")]
    [InlineData("FieldValueRequired", FieldErrorReasons.Required, "Required value: no x")]
    [InlineData("FieldValueDuplicate", FieldErrorReasons.Duplicate, "Duplicate value: \"x\"")]
    [InlineData("FieldValueInvalid", FieldErrorReasons.Invalid, "Invalid value: \"x\": no x")]
    public void Rule_reason_chooses_the_cause_type(string reason, string expectedReason, string expectedMessage)
    {
        var schema = SchemaFixtures.SpecField($$"""
            { "type": "string", "x-kubernetes-validations": [ { "rule": "self != 'x'", "message": "no x", "reason": "{{reason}}" } ] }
            """);

        var error = Assert.Single(schema.Validate(SchemaFixtures.WithX("\"x\""), null));

        Assert.Equal(new FieldError(expectedReason, "spec.x", expectedMessage), error);
    }

    [Fact]
    public void MessageExpression_builds_the_message()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "string", "x-kubernetes-validations": [
              { "rule": "self.startsWith('aks-')", "message": "fallback", "messageExpression": "'name ' + self + ' must start with aks-'" } ] }
            """);

        var error = Assert.Single(schema.Validate(SchemaFixtures.WithX("\"gke-1\""), null));

        Assert.Equal("Invalid value: \"gke-1\": name gke-1 must start with aks-", error.Message);
    }

    [Fact]
    public void Runtime_error_is_reported_like_cel_go()
    {
        var schema = CompileWithSpecRule("self.missing == 'x'");

        var error = Assert.Single(schema.Validate(NodeMaintenanceDefinition.Resource(), null));

        Assert.Equal(
            new FieldError(FieldErrorReasons.Invalid, "spec", "Invalid value: \"object\": no such key: missing evaluating rule: self.missing == 'x'"),
            error);
    }

    [Fact]
    public void Rules_are_skipped_with_one_notice_when_the_schema_already_failed()
    {
        var resource = NodeMaintenanceDefinition.Resource("node-a");
        resource["spec"]!["nodeName"] = "node-b";
        resource["spec"]!["documentIncarnation"] = "seven";

        var errors = NodeMaintenance.Validate(resource, null);

        Assert.Equal(
            [
                new FieldError(FieldErrorReasons.TypeInvalid, "spec.documentIncarnation",
                    "Invalid value: \"string\": spec.documentIncarnation in body must be of type integer: \"string\""),
                new FieldError(FieldErrorReasons.Invalid, "<nil>",
                    "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"),
            ],
            errors);
    }

    [Fact]
    public void Transition_rule_on_map_list_items_correlates_by_key()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["id"],
              "items": { "type": "object", "required": ["id"],
                "x-kubernetes-validations": [ { "rule": "self.kind == oldSelf.kind", "message": "kind is immutable" } ],
                "properties": { "id": { "type": "string" }, "kind": { "type": "string" } } } }
            """);
        var old = SchemaFixtures.WithX("""[ { "id": "a", "kind": "Reboot" }, { "id": "b", "kind": "Freeze" } ]""");
        var reordered = SchemaFixtures.WithX("""[ { "id": "b", "kind": "Freeze" }, { "id": "c", "kind": "Redeploy" }, { "id": "a", "kind": "Reboot" } ]""");
        var changed = SchemaFixtures.WithX("""[ { "id": "b", "kind": "Freeze" }, { "id": "a", "kind": "Preempt" } ]""");

        Assert.Empty(schema.Validate(reordered, old));
        var error = Assert.Single(schema.Validate(changed, old));
        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec.x[1]", "Invalid value: kind is immutable"), error);
    }

    [Fact]
    public void Optional_oldSelf_rule_runs_on_create_too()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "integer", "x-kubernetes-validations": [
              { "rule": "!oldSelf.hasValue() || self >= oldSelf.value()", "message": "may only grow", "optionalOldSelf": true },
              { "rule": "oldSelf.orValue(0) <= self", "message": "may only grow (orValue)", "optionalOldSelf": true } ] }
            """);

        Assert.Empty(schema.Validate(SchemaFixtures.WithX("5"), null));
        Assert.Empty(schema.Validate(SchemaFixtures.WithX("6"), SchemaFixtures.WithX("5")));
        Assert.Equal(
            ["Invalid value: 4: may only grow", "Invalid value: 4: may only grow (orValue)"],
            schema.Validate(SchemaFixtures.WithX("4"), SchemaFixtures.WithX("5")).Select(e => e.Message));
    }

    [Fact]
    public void Whole_object_immutability_compares_nested_values()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "object", "x-kubernetes-validations": [ { "rule": "self == oldSelf", "message": "x is immutable" } ],
              "properties": { "a": { "type": "string" }, "b": { "type": "array", "items": { "type": "integer" } } } }
            """);
        var old = SchemaFixtures.WithX("""{ "a": "1", "b": [1, 2] }""");

        Assert.Empty(schema.Validate(SchemaFixtures.WithX("""{ "b": [1, 2], "a": "1" }"""), old));
        Assert.Single(schema.Validate(SchemaFixtures.WithX("""{ "a": "1", "b": [2, 1] }"""), old));
    }

    [Fact]
    public void Rules_are_not_evaluated_when_turned_off()
    {
        var schema = CustomResourceSchema.Compile(NodeMaintenanceDefinition.Schema(), new ValidationOptions(EvaluateRules: false));
        var resource = NodeMaintenanceDefinition.Resource("node-a");
        resource["spec"]!["nodeName"] = "node-b";

        Assert.Empty(schema.Validate(resource, null));
    }

    [Fact]
    public void Rule_that_does_not_compile_is_refused_by_Compile()
    {
        var exception = Assert.Throws<ArgumentException>(() => CompileWithSpecRule("self.nodeName =="));

        Assert.Contains("Syntax error", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_are_not_given_to_rules()
    {
        var schema = SchemaFixtures.SpecField("""
            { "type": "string", "nullable": true, "x-kubernetes-validations": [ { "rule": "self.size() > 0" } ] }
            """);

        Assert.Empty(schema.Validate(SchemaFixtures.WithX("null"), null));
    }

    [Fact]
    public void Concurrent_validations_give_the_same_answers()
    {
        var good = NodeMaintenanceDefinition.Resource("node-a");
        var bad = NodeMaintenanceDefinition.Resource("node-a");
        bad["spec"]!["nodeName"] = "node-b";
        var results = new int[200];

        Parallel.For(0, results.Length, i =>
            results[i] = NodeMaintenance.Validate(i % 2 == 0 ? good : bad, i % 4 == 1 ? good : null).Count);

        Assert.Equal(Enumerable.Range(0, results.Length).Select(i => i % 2 == 0 ? 0 : i % 4 == 1 ? 2 : 1), results);
    }

    private static CustomResourceSchema CompileWithSpecRule(string rule)
    {
        var schema = NodeMaintenanceDefinition.Schema();
        schema["x-kubernetes-validations"] = new JsonArray();
        schema["properties"]!["spec"]!["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = rule });
        return CustomResourceSchema.Compile(schema);
    }
}
